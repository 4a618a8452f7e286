using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>A server killed with SIGKILL mid-call leaves a WAV that players and sox can open, holding audio up to a second or two before the kill.</summary>
public sealed class KillRecordingTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan SendBeforeKill = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan MaxLostTail = TimeSpan.FromSeconds(1.5);

    // The server writes 500 ms behind live (late-packet wait) in 100 ms batches and patches the header every second,
    // so the header may trail the kill by up to 1.6 s; the rest is slack for a loaded host.
    private static readonly TimeSpan MaxUnrecordedBeforeKill = TimeSpan.FromSeconds(2);

    private readonly TestDirectory _directory = new("kill");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task WavLeftByKillNineIsPlayableAndHoldsAudioUpToShortlyBeforeTheKill()
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        var before = server.Recordings().ToHashSet(StringComparer.Ordinal);
        var run = new SippRun(SippRun.ScenarioPath(SippScenarios.Call), server.SipPort, server.SippPort)
        {
            CallDuration = TimeSpan.FromSeconds(30),
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };
        await using var sipp = new SippRunner(_directory).Start(run);
        var ports = (await sipp.WaitForLogAsync("ANSWER_PORTS", Bound))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new IPEndPoint(IPAddress.Loopback, int.Parse(p, CultureInfo.InvariantCulture)))
            .ToArray();
        var plan = new RtpSendPlan([
            new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, TimeSpan.FromSeconds(20))),
            new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, TimeSpan.FromSeconds(20))),
        ]);

        using var stopSending = new CancellationTokenSource(Bound);
        var sending = Stopwatch.StartNew();
        var sender = new RtpStreamSender().SendAsync(plan, stopSending.Token);
        await Task.Delay(SendBeforeKill);
        server.Kill();
        var sentFor = sending.Elapsed;
        await stopSending.CancelAsync();
        await sender;

        var wav = Assert.Single(server.Recordings(), p => !before.Contains(p));
        var bytes = await File.ReadAllBytesAsync(wav);
        var header = RiffHeader.Read(bytes);
        var blockAlign = header.Channels * 2;
        Assert.Equal((2, 16), (header.Channels, header.BitsPerSample));
        Assert.InRange(header.SampleRate, Rate, 48000);
        Assert.True(header.RiffSize + 8L <= bytes.Length, $"RIFF size {header.RiffSize} runs past the {bytes.Length}-byte file");
        Assert.True(header.DataOffset + (long)header.DataSize <= bytes.Length, $"data size {header.DataSize} at {header.DataOffset} runs past the {bytes.Length}-byte file");
        Assert.Equal(0, header.DataSize % blockAlign);

        var bytesPerSecond = header.SampleRate * blockAlign;
        var onDisk = TimeSpan.FromSeconds((double)(bytes.Length - header.DataOffset) / bytesPerSecond);
        var declared = TimeSpan.FromSeconds((double)header.DataSize / bytesPerSecond);
        Assert.True(declared >= onDisk - MaxLostTail, $"the header declares {declared.TotalSeconds:F2} s of the {onDisk.TotalSeconds:F2} s on disk");
        Assert.True(declared >= sentFor - MaxUnrecordedBeforeKill, $"the header declares {declared.TotalSeconds:F2} s; audio was sent for {sentFor.TotalSeconds:F2} s before the kill");

        var channels = Deinterleave(bytes.AsSpan(header.DataOffset, header.DataSize), header.Channels);
        var lastSecond = header.SampleRate;
        for (var channel = 0; channel < header.Channels; channel++)
        {
            var tail = channels[channel].AsSpan(channels[channel].Length - lastSecond);
            var rms = WavAnalysis.Rms(tail);
            Assert.True(rms > 1000, $"channel {channel + 1}: the last second of the recording is near silent (RMS {rms:F0})");
        }

        if (OnPath("soxi"))
        {
            var (exit, output) = await RunAsync("soxi", "-D", wav);
            Assert.True(exit == 0, $"soxi rejected the file: {output}");
            var soxSeconds = double.Parse(output.Trim(), CultureInfo.InvariantCulture);
            Assert.InRange(soxSeconds, declared.TotalSeconds - 0.05, onDisk.TotalSeconds + 0.05);
        }
    }

    public void Dispose() => _directory.Dispose();

    private static short[][] Deinterleave(ReadOnlySpan<byte> data, int channelCount)
    {
        var frames = data.Length / (2 * channelCount);
        var channels = new short[channelCount][];
        for (var c = 0; c < channelCount; c++)
            channels[c] = new short[frames];
        for (var f = 0; f < frames; f++)
        {
            for (var c = 0; c < channelCount; c++)
                channels[c][f] = BinaryPrimitives.ReadInt16LittleEndian(data[(((f * channelCount) + c) * 2)..]);
        }
        return channels;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, tool)));

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The fields of a RIFF/WAVE header this test checks, read strictly: fmt before data, PCM only.</summary>
    private sealed record RiffHeader(uint RiffSize, int Channels, int SampleRate, int BitsPerSample, int DataOffset, int DataSize)
    {
        public static RiffHeader Read(ReadOnlySpan<byte> file)
        {
            Assert.True(file.Length >= 44, $"the file has only {file.Length} bytes");
            Assert.True(file[..4].SequenceEqual("RIFF"u8) && file[8..12].SequenceEqual("WAVE"u8), "no RIFF/WAVE signature");
            var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
            int? channels = null, rate = null, bits = null;
            var offset = 12;
            while (offset + 8 <= file.Length)
            {
                var id = file.Slice(offset, 4);
                var size = BinaryPrimitives.ReadUInt32LittleEndian(file[(offset + 4)..]);
                var body = offset + 8;
                if (id.SequenceEqual("fmt "u8))
                {
                    Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(file[body..]));
                    channels = BinaryPrimitives.ReadUInt16LittleEndian(file[(body + 2)..]);
                    rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(file[(body + 4)..]);
                    bits = BinaryPrimitives.ReadUInt16LittleEndian(file[(body + 14)..]);
                }
                else if (id.SequenceEqual("data"u8))
                {
                    Assert.True(channels is not null, "the data chunk comes before the fmt chunk");
                    Assert.True(size <= int.MaxValue, $"data size {size} is absurd");
                    return new RiffHeader(riffSize, channels.Value, rate!.Value, bits!.Value, body, (int)size);
                }
                offset = body + (int)size + (int)(size & 1);
            }
            Assert.Fail("no data chunk");
            return null!;
        }
    }
}
