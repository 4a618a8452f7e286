using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Media.Srtp;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>Each codec the server records, end to end: a two-stream call whose WAV channels must each carry their own speech.</summary>
public sealed class CodecRecordingTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private const double LosslessThreshold = 0.8;
    private const double LossyThreshold = 0.6;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DurationTolerance = TimeSpan.FromMilliseconds(60);

    private readonly TestDirectory _directory = new("codecs");
    private readonly AudioFixtures _audio = new();

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public Task PcmaCallIsRecordedOnTwoChannelsMatchingTheirSpeech() =>
        AssertRecordedAsync(SippScenarios.CallPcma, RtpPayloadCodec.Pcma, pcm => WavAnalysis.G711RoundTrip(pcm, RtpPayloadCodec.Pcma), LosslessThreshold);

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public Task G722CallIsRecordedOnTwoChannelsMatchingTheirSpeech() =>
        AssertRecordedAsync(SippScenarios.CallG722, RtpPayloadCodec.G722, pcm => pcm, LossyThreshold);

    [OpusIntegrationFact]
    [Trait("Requires", "Integration")]
    public Task OpusCallIsRecordedOnTwoChannelsMatchingTheirSpeech() =>
        AssertRecordedAsync(SippScenarios.CallOpus, RtpPayloadCodec.Opus, pcm => pcm, LossyThreshold);

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public Task SrtpPcmuCallIsDecryptedAndRecordedOnTwoChannelsMatchingTheirSpeech() =>
        AssertRecordedAsync(
            SippScenarios.CallSrtp,
            RtpPayloadCodec.Pcmu,
            pcm => WavAnalysis.G711RoundTrip(pcm, RtpPayloadCodec.Pcmu),
            LosslessThreshold,
            [SdesCryptoAttribute.Parse(SippScenarios.SrtpKeyStream1), SdesCryptoAttribute.Parse(SippScenarios.SrtpKeyStream2)]);

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// Runs <paramref name="scenario"/> with speech 1 on stream 1 and speech 2 on stream 2 sent as <paramref name="codec"/>
    /// (SRTP when <paramref name="keys"/> are given), then checks channel count, duration and that each channel matches
    /// its own speech (after <paramref name="roundTrip"/>) above <paramref name="threshold"/> and clearly better than the other.
    /// </summary>
    private async Task AssertRecordedAsync(string scenario, RtpPayloadCodec codec, Func<short[], short[]> roundTrip, double threshold, SdesCryptoAttribute[]? keys = null)
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        var first = _audio.Speech(SpeechSample.First);
        var second = _audio.Speech(SpeechSample.Second);
        var callLength = TimeSpan.FromSeconds((double)Math.Max(first.Length, second.Length) / Rate) + TimeSpan.FromSeconds(1);
        var run = new SippRun(SippRun.ScenarioPath(scenario), server.SipPort, server.SippPort)
        {
            CallDuration = callLength,
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), run, ports =>
            new RtpSendPlan([
                new RtpStreamPlan(ports[0], first) { Codec = codec, Srtp = keys?[0] },
                new RtpStreamPlan(ports[1], second) { Codec = codec, Srtp = keys?[1] },
            ]));

        Assert.Equal(2, call.Recording.Channels.Count);
        var callDuration = call.Between("ANSWERED_AT", "ENDED_AT");
        Assert.InRange(call.Recording.Duration, callDuration - DurationTolerance, callDuration + DurationTolerance);

        var maxLag = Rate * 2;
        var speech1 = roundTrip(first);
        var speech2 = roundTrip(second);
        var ch1First = WavAnalysis.BestAlignment(call.Channel(0), speech1, 0, maxLag);
        var ch1Second = WavAnalysis.BestAlignment(call.Channel(0), speech2, 0, maxLag);
        var ch2Second = WavAnalysis.BestAlignment(call.Channel(1), speech2, 0, maxLag);
        var ch2First = WavAnalysis.BestAlignment(call.Channel(1), speech1, 0, maxLag);
        var sidecar = await File.ReadAllTextAsync(call.SidecarPath);
        Assert.True(ch1First.Correlation > threshold, $"{codec}: channel 1 vs speech 1: {ch1First}\n{call.Media}\n{sidecar}\n{server.LogTail(30)}");
        Assert.True(ch2Second.Correlation > threshold, $"{codec}: channel 2 vs speech 2: {ch2Second}\n{call.Media}\n{sidecar}\n{server.LogTail(30)}");
        Assert.True(ch1First.Correlation > ch1Second.Correlation + 0.2, $"{codec}: channel 1 matches speech 2 too well: {ch1Second} (speech 1: {ch1First})");
        Assert.True(ch2Second.Correlation > ch2First.Correlation + 0.2, $"{codec}: channel 2 matches speech 1 too well: {ch2First} (speech 2: {ch2Second})");
        Assert.InRange(Math.Abs(ch1First.LagSamples - ch2Second.LagSamples), 0, Rate / 50);
    }
}
