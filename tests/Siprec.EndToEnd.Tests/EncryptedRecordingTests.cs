using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Media.AtRest;
using Siprec.RtpSender.Audio;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>One short SIPp call recorded by the built server with encryption at rest on.</summary>
public sealed partial class EncryptedRecordingTests : IDisposable
{
    private static readonly byte[] MasterKey = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];
    private readonly TestDirectory _directory = new("encrypted");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task NothingOnDiskIsReadableAndTheApiServesTheRecordedWav()
    {
        var keyFile = _directory.File("master.key");
        await File.WriteAllBytesAsync(keyFile, MasterKey);
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions
        {
            Environment = new Dictionary<string, string> { ["RECORDING_ENCRYPTION_KEY_FILE"] = keyFile },
        });
        var keys = new MasterKeyring(MasterKey);
        var low = AudioFixtures.Tone(440, TimeSpan.FromSeconds(1));
        var high = AudioFixtures.Tone(1000, TimeSpan.FromSeconds(1));
        var run = new SippRun(SippRun.ScenarioPath(SippScenarios.Call), server.SipPort, server.SippPort)
        {
            CallDuration = TimeSpan.FromSeconds(2),
            Timeout = TimeSpan.FromSeconds(60),
            MediaPort = server.SippMediaPort,
        };

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), run, ports =>
            new RtpSendPlan([new RtpStreamPlan(ports[0], low), new RtpStreamPlan(ports[1], high)]), keys: keys);

        foreach (var file in Directory.EnumerateFiles(server.RecordingDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(bytes.AsSpan().StartsWith("RIFF"u8), $"{file} is a plain WAV");
            Assert.False(bytes.Length > 0 && bytes[0] is (byte)'{' or (byte)'[', $"{file} is plain JSON");
        }

        var callId = CallIdHeader().Match(call.Sipp.MessageLog).Groups[1].Value.Trim();
        await WaitUntilIndexedAsync(server, callId);
        using var audio = await server.Http.GetAsync(new Uri("/api/recordings/" + Uri.EscapeDataString(callId) + "/audio", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        var served = WavFile.Parse(await audio.Content.ReadAsByteArrayAsync(), "served");
        Assert.Equal(call.Recording.Channels, served.Channels);
        var lowMatch = WavAnalysis.BestAlignment(call.Channel(0), WavAnalysis.G711RoundTrip(low, RtpPayloadCodec.Pcmu), 0, AudioFixtures.SampleRate);
        var highMatch = WavAnalysis.BestAlignment(call.Channel(1), WavAnalysis.G711RoundTrip(high, RtpPayloadCodec.Pcmu), 0, AudioFixtures.SampleRate);
        Assert.True(lowMatch.Correlation > 0.8, $"channel 1 vs 440 Hz: {lowMatch}");
        Assert.True(highMatch.Correlation > 0.8, $"channel 2 vs 1000 Hz: {highMatch}");

        using var sidecar = await server.Http.GetAsync(new Uri("/api/recordings/" + Uri.EscapeDataString(callId), UriKind.Relative));
        using var json = JsonDocument.Parse(await sidecar.Content.ReadAsStringAsync());
        Assert.Equal(callId, json.RootElement.GetProperty("call_id").GetString());
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>The index learns of a finished recording just after its final sidecar is written.</summary>
    private static async Task WaitUntilIndexedAsync(ServerProcess server, string callId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            using var listing = await server.Http.GetAsync(new Uri("/api/recordings?call_id=" + Uri.EscapeDataString(callId), UriKind.Relative));
            using var json = JsonDocument.Parse(await listing.Content.ReadAsStringAsync());
            if (listing.IsSuccessStatusCode && json.RootElement.GetProperty("total").GetInt32() > 0)
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException($"recording of call {callId} not indexed within 15 s\n{server.LogTail()}");
    }

    [GeneratedRegex(@"^Call-ID:\s*([^\r\n]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdHeader();
}
