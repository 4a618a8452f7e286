using System.Text.Json;
using System.Text.RegularExpressions;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>What the built server records: SIPp signals the call, the RTP sender plays two different speech files, the WAV is analysed.</summary>
public sealed partial class MediaRecordingTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    private readonly TestDirectory _directory = new("media");
    private readonly AudioFixtures _audio = new();

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task EachLabelledStreamIsRecordedOnItsOwnTimeAlignedChannel()
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        var first = _audio.Speech(SpeechSample.First);
        var second = _audio.Speech(SpeechSample.Second);
        var callLength = TimeSpan.FromSeconds((double)Math.Max(first.Length, second.Length) / Rate) + TimeSpan.FromSeconds(1);

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, SippScenarios.Call, callLength), ports =>
            new RtpSendPlan([new RtpStreamPlan(ports[0], first), new RtpStreamPlan(ports[1], second)]));

        Assert.Matches(DatedWavPath(), Path.GetRelativePath(server.RecordingDirectory, call.WavPath).Replace('\\', '/'));
        Assert.Equal(2, call.Recording.Channels.Count);
        var callDuration = call.Between("ANSWERED_AT", "ENDED_AT");
        Assert.InRange(call.Recording.Duration, callDuration - TimeSpan.FromMilliseconds(40), callDuration + TimeSpan.FromMilliseconds(40));

        var maxLag = Rate * 2;
        var ch1First = WavAnalysis.BestAlignment(call.Channel(0), RoundTrip(first), 0, maxLag);
        var ch1Second = WavAnalysis.BestAlignment(call.Channel(0), RoundTrip(second), 0, maxLag);
        var ch2Second = WavAnalysis.BestAlignment(call.Channel(1), RoundTrip(second), 0, maxLag);
        var ch2First = WavAnalysis.BestAlignment(call.Channel(1), RoundTrip(first), 0, maxLag);
        Assert.True(ch1First.Correlation > 0.8, $"channel 1 vs speech 1: {ch1First}");
        Assert.True(ch2Second.Correlation > 0.8, $"channel 2 vs speech 2: {ch2Second}");
        Assert.True(ch1First.Correlation > ch1Second.Correlation + 0.3, $"channel 1 matches speech 2 too well: {ch1Second}");
        Assert.True(ch2Second.Correlation > ch2First.Correlation + 0.3, $"channel 2 matches speech 1 too well: {ch2First}");
        Assert.InRange(Math.Abs(ch1First.LagSamples - ch2Second.LagSamples), 0, Rate / 50);
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task LegStartingTwoSecondsLateIsPlacedTwoSecondsLaterWithinTwentyMilliseconds()
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        var first = _audio.Speech(SpeechSample.First);
        var second = _audio.Speech(SpeechSample.Second);
        var late = TimeSpan.FromSeconds(2);
        var callLength = TimeSpan.FromSeconds((double)Math.Max(first.Length, second.Length) / Rate) + late + TimeSpan.FromSeconds(2);

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, SippScenarios.Call, callLength), ports =>
            new RtpSendPlan([new RtpStreamPlan(ports[0], first), new RtpStreamPlan(ports[1], second) { LateStart = late }]));

        var ch1 = WavAnalysis.BestAlignment(call.Channel(0), RoundTrip(first), 0, Rate * 2);
        var ch2 = WavAnalysis.BestAlignment(call.Channel(1), RoundTrip(second), 0, Rate * 5);
        Assert.True(ch1.Correlation > 0.8 && ch2.Correlation > 0.8, $"{ch1} / {ch2}");
        // The server can only place a leg where its packets really started; measure that rather than trust the
        // sender's schedule, which a busy test host may run late.
        var sentLate = call.Media.Streams[1].FirstSendAfter(call.Media.Streams[0]);
        Assert.InRange(sentLate, late - TimeSpan.FromMilliseconds(200), late + TimeSpan.FromMilliseconds(200));
        var offset = ch2.Lag - ch1.Lag;
        Assert.InRange(offset, sentLate - TimeSpan.FromMilliseconds(20), sentLate + TimeSpan.FromMilliseconds(20));
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task SrcPauseByInactiveReInviteRecordsSixSecondsOfSilenceOnBothChannels()
    {
        var options = new ServerProcessOptions { Environment = new Dictionary<string, string> { ["PAUSE_BEHAVIOR"] = "silence" } };
        await using var server = await ServerProcess.StartAsync(_directory, options);
        var pause = TimeSpan.FromSeconds(6);
        var active = TimeSpan.FromSeconds(2);
        // The SRC keeps sending through the pause: the server, not the sender, must make it silent.
        var tone1 = AudioFixtures.Tone(440, TimeSpan.FromSeconds(14));
        var tone2 = AudioFixtures.Tone(620, TimeSpan.FromSeconds(14));
        var run = CallRun(server, SippScenarios.PauseResume, active) with
        {
            Variables = new Dictionary<string, string> { ["pause_ms"] = ((int)pause.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), run, ports =>
            new RtpSendPlan([
                new RtpStreamPlan(ports[0], tone1) { StopAfter = active + pause + active },
                new RtpStreamPlan(ports[1], tone2) { StopAfter = active + pause + active },
            ]));

        var pausedAt = call.Between("ANSWERED_AT", "PAUSED_AT");
        var pausedFor = call.Between("PAUSED_AT", "RESUMED_AT");
        for (var channel = 0; channel < 2; channel++)
        {
            var spans = WavAnalysis.SilentSpans(call.Channel(channel), Rate, Window, pause - TimeSpan.FromMilliseconds(500));
            var span = Assert.Single(spans);
            Assert.InRange(span.Duration, pausedFor - TimeSpan.FromMilliseconds(100), pausedFor + TimeSpan.FromMilliseconds(100));
            Assert.InRange(span.Start, pausedAt - TimeSpan.FromMilliseconds(100), pausedAt + TimeSpan.FromMilliseconds(100));
        }
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task SidecarNamesTheCallItsParticipantsAndStreams()
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        var tone = AudioFixtures.Tone(440, TimeSpan.FromSeconds(1));

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, SippScenarios.Call, TimeSpan.FromSeconds(2)), ports =>
            new RtpSendPlan([new RtpStreamPlan(ports[0], tone), new RtpStreamPlan(ports[1], tone)]));

        Assert.Equal(Path.ChangeExtension(call.WavPath, ".json"), call.SidecarPath);
        using var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(call.SidecarPath));
        var root = sidecar.RootElement;
        var callId = CallIdHeader().Match(call.Sipp.MessageLog).Groups[1].Value.Trim();
        Assert.Equal(callId, root.GetProperty("call_id").GetString());
        var participants = root.GetProperty("participants").GetRawText();
        Assert.Contains("sip:alice@example.com", participants, StringComparison.Ordinal);
        Assert.Contains("sip:bob@example.com", participants, StringComparison.Ordinal);
        Assert.Equal(2, root.GetProperty("streams").GetArrayLength());
    }

    public void Dispose() => _directory.Dispose();

    private static SippRun CallRun(ServerProcess server, string scenario, TimeSpan callLength) =>
        new(SippRun.ScenarioPath(scenario), server.SipPort, server.SippPort)
        {
            CallDuration = callLength,
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };

    private static short[] RoundTrip(short[] source) => WavAnalysis.G711RoundTrip(source, RtpPayloadCodec.Pcmu);

    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2}/[^/]+\.wav$")]
    private static partial Regex DatedWavPath();

    [GeneratedRegex(@"^Call-ID:\s*([^\r\n]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdHeader();
}
