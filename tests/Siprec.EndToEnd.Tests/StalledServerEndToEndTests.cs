using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;
using Siprec.Server.Tests.Support;
using Xunit.Abstractions;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The server process is stopped (SIGSTOP) for 5 s while both streams of a call send RTP, then continued: it answers
/// SIP and HTTP again, every packet sent is recorded or counted, the recording goes on after the stall, no session
/// times out, and the WAV is whole once the BYE ends the call.
/// </summary>
public sealed class StalledServerEndToEndTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SendAfterStall = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan SendTotal = TimeSpan.FromSeconds(11);
    private static readonly TimeSpan PacketTime = TimeSpan.FromMilliseconds(20);

    // Silence is measured in 100 ms windows, and the file's zero lies a little before the answer the stall is timed from.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(500);

    private readonly TestDirectory _directory = new("sigstop");
    private readonly ITestOutputHelper _output;

    public StalledServerEndToEndTests(ITestOutputHelper output) => _output = output;

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task FiveSecondSigstopUnderRtpLeavesTheServerServingAndTheRecordingWhole()
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        using var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "sigstop-call");
        Assert.Equal(200, (await call.InviteAsync()).Status);
        var sinceAnswer = Stopwatch.StartNew();
        Assert.Equal(2, call.MediaPorts.Count);
        using var stopSending = new CancellationTokenSource(Bound + SendTotal);
        var sender = new RtpStreamSender().SendAsync(new RtpSendPlan([
            new RtpStreamPlan(new IPEndPoint(IPAddress.Loopback, call.MediaPorts[0]), AudioFixtures.Tone(440, SendTotal)),
            new RtpStreamPlan(new IPEndPoint(IPAddress.Loopback, call.MediaPorts[1]), AudioFixtures.Tone(620, SendTotal)),
        ]), stopSending.Token);
        await MetricsScrape.WhenAsync(server, text => MetricsScrape.Value(text, "siprec_rtp_packets_total") >= 100);

        var stalledAt = sinceAnswer.Elapsed;
        server.Freeze(true);
        try
        {
            // The stall itself is what is tested: the process holds no CPU for this long while RTP keeps arriving.
            await Task.Delay(Stall);
        }
        finally
        {
            server.Freeze(false);
        }

        var resumedAt = sinceAnswer.Elapsed;
        using (var probe = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "sigstop-probe"))
            Assert.Equal(200, (await probe.OptionsAsync()).Status);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        var report = await sender;
        Assert.True(sinceAnswer.Elapsed >= resumedAt + SendAfterStall - TimeSpan.FromSeconds(1), "RTP did not go on long enough after the stall");
        Assert.Equal(1, MetricsScrape.Value(await server.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)), "siprec_sessions_active"));
        Assert.Equal(200, await call.ByeAsync());

        using var sidecar = await EndedSidecar.WaitAsync(server.RecordingDirectory, Bound);
        var root = sidecar.RootElement;
        _output.WriteLine(root.ToString());
        Assert.Equal("bye", root.GetProperty("end_reason").GetString());
        var metrics = await MetricsScrape.WhenAsync(server, text => MetricsScrape.Value(text, "siprec_sessions_total{outcome=\"bye\"}") == 1);
        Assert.Equal(0, MetricsScrape.Value(metrics, "siprec_sessions_total{outcome=\"rtp_timeout\"}"));
        Assert.Equal(0, MetricsScrape.Value(metrics, "siprec_sessions_active"));
        using (var live = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("api/sessions", UriKind.Relative))))
            Assert.Equal(0, live.RootElement.GetProperty("sessions").GetArrayLength());

        var wav = Assert.Single(server.Recordings());
        var bytes = await File.ReadAllBytesAsync(wav);
        Assert.Equal(bytes.Length - 8, (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40));
        Assert.Equal(bytes.Length - 44, (long)declared);
        Assert.Equal(0u, declared % 4);
        var channels = Deinterleave(bytes.AsSpan(44));
        _output.WriteLine($"recorded {(double)channels[0].Length / Rate:F2} s; stalled from {stalledAt.TotalSeconds:F2} s to {resumedAt.TotalSeconds:F2} s after the answer");

        var streams = root.GetProperty("streams").EnumerateArray().ToArray();
        Assert.Equal(2, streams.Length);
        for (var c = 0; c < channels.Length; c++)
        {
            var sent = report.Streams[c].AudioPackets;
            var received = streams[c].GetProperty("packets_received").GetInt64();
            var lost = streams[c].GetProperty("packets_lost").GetInt64();
            var late = streams[c].GetProperty("packets_late").GetInt64();
            var silent = WavAnalysis.SilentSpans(channels[c], Rate, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
            var silentInStall = TimeSpan.FromTicks(silent
                .Where(s => s.End > stalledAt - Margin && s.Start < resumedAt + Margin)
                .Sum(s => s.Duration.Ticks));
            _output.WriteLine($"channel {c + 1}: sent {sent}, received {received}, late {late}, lost {lost}; silent in the stall {silentInStall.TotalSeconds:F2} s: {string.Join(", ", silent.Select(s => $"{s.Start.TotalSeconds:F2}-{s.End.TotalSeconds:F2}"))}");

            // Every packet is either in sequence accounting (received, late ones included, or lost) and what the stall
            // left out of the file is what was counted late or lost.
            Assert.Equal(sent, received + lost);
            Assert.True(silentInStall <= (PacketTime * (late + lost)) + Margin, $"channel {c + 1}: {silentInStall.TotalSeconds:F2} s of the stall is silent but only {late} packets were counted late and {lost} lost");

            // Positions count from the session's start, a little before the answer, so this window lies after the stall.
            var after = channels[c].AsSpan((int)((resumedAt.TotalSeconds + 1) * Rate), Rate * 2);
            Assert.True(WavAnalysis.Rms(after) > 1000, $"channel {c + 1} is near silent after the stall (RMS {WavAnalysis.Rms(after):F0})");
        }
    }

    public void Dispose() => _directory.Dispose();

    private static short[][] Deinterleave(ReadOnlySpan<byte> data)
    {
        var frames = data.Length / 4;
        short[][] channels = [new short[frames], new short[frames]];
        for (var f = 0; f < frames; f++)
        {
            channels[0][f] = BinaryPrimitives.ReadInt16LittleEndian(data[(f * 4)..]);
            channels[1][f] = BinaryPrimitives.ReadInt16LittleEndian(data[((f * 4) + 2)..]);
        }

        return channels;
    }
}
