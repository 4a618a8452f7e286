using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Media.Srtp;
using Siprec.RtpSender.Sending;
using Xunit.Abstractions;

namespace Siprec.EndToEnd.Tests;

/// <summary>Each codec the server records, end to end: a two-stream call whose WAV channels must each carry their own speech.</summary>
public sealed class CodecRecordingTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private const double LosslessThreshold = 0.8;
    private const double LossyThreshold = 0.6;
    private const double VoicedRms = 300;
    private const int SegmentSearch = Rate / 4;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DurationTolerance = TimeSpan.FromMilliseconds(60);

    private readonly TestDirectory _directory = new("codecs");
    private readonly AudioFixtures _audio = new();
    private readonly ITestOutputHelper _output;

    /// <summary>Creates the test with xunit's output, where the per-second matches are written.</summary>
    public CodecRecordingTests(ITestOutputHelper output)
    {
        _output = output;
    }

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
    /// Each voiced second of <paramref name="reference"/> matched on its own near where the whole matched, as (correlation,
    /// offset from the whole's placement): a lossy codec or one disturbed stretch then lowers one figure, not all.
    /// </summary>
    private static List<(double Correlation, int Offset)> SegmentMatches(short[] recording, short[] reference, int wholeLag)
    {
        var matches = new List<(double, int)>();
        for (var start = 0; start + Rate <= reference.Length; start += Rate)
        {
            var segment = reference.AsSpan(start, Rate);
            if (WavAnalysis.Rms(segment) < VoicedRms)
                continue;
            var expected = wholeLag + start;
            var match = WavAnalysis.BestAlignment(recording, segment, expected - SegmentSearch, expected + SegmentSearch);
            matches.Add((match.Correlation, match.LagSamples - expected));
        }
        Assert.True(matches.Count >= 2, $"the speech has only {matches.Count} voiced seconds");
        return matches;
    }

    private static double Median(List<(double Correlation, int Offset)> matches) =>
        matches.Select(m => m.Correlation).Order().ElementAt(matches.Count / 2);

    private static string Describe(List<(double Correlation, int Offset)> matches) =>
        string.Join(", ", matches.Select(m => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{m.Correlation:F2}@{m.Offset}")));

    /// <summary>
    /// Runs <paramref name="scenario"/> with speech 1 on stream 1 and speech 2 on stream 2 sent as <paramref name="codec"/>
    /// (SRTP when <paramref name="keys"/> are given), then checks channel count, duration and that each channel matches
    /// its own speech (after <paramref name="roundTrip"/>; median of per-second matches) above <paramref name="threshold"/>, and clearly better than the other.
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
        var segments1 = SegmentMatches(call.Channel(0), speech1, ch1First.LagSamples);
        var segments2 = SegmentMatches(call.Channel(1), speech2, ch2Second.LagSamples);
        _output.WriteLine($"{codec}: channel 1 {ch1First}, per second {Describe(segments1)}; channel 2 {ch2Second}, per second {Describe(segments2)}");
        Assert.True(Median(segments1) > threshold, $"{codec}: channel 1 vs speech 1: {ch1First}, per second: {Describe(segments1)}\n{sidecar}");
        Assert.True(Median(segments2) > threshold, $"{codec}: channel 2 vs speech 2: {ch2Second}, per second: {Describe(segments2)}\n{sidecar}");
        Assert.True(ch1First.Correlation > ch1Second.Correlation + 0.2, $"{codec}: channel 1 matches speech 2 too well: {ch1Second} (speech 1: {ch1First})");
        Assert.True(ch2Second.Correlation > ch2First.Correlation + 0.2, $"{codec}: channel 2 matches speech 1 too well: {ch2First} (speech 2: {ch2Second})");
        Assert.InRange(Math.Abs(ch1First.LagSamples - ch2Second.LagSamples), 0, Rate / 50);
    }
}
