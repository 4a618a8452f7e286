using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Media.Dtmf;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The DTMF pause policy against the built server: the RTP sender keys a card number mid-call, as RFC 4733 events or as
/// in-band tones in PCMU, and the recording, the status, the files and the log are examined.
/// </summary>
public sealed class DtmfPauseEndToEndTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private const string CardNumber = "4929123456781234";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StatusWait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromSeconds(1);
    private static readonly KeyedDigits Keyed = new(TimeSpan.FromSeconds(2), CardNumber, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(60));

    private readonly TestDirectory _directory = new("dtmf");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task TelephoneEventDigitsAreCutOutAndThePolicyPauseEndsByItself()
    {
        await using var server = await ServerProcess.StartAsync(_directory, Options(("PAUSE_BEHAVIOR", "skip")));
        var seen = new List<(bool Paused, string? Source, string? Reason)>();

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, TimeSpan.FromSeconds(8)), ports =>
            new RtpSendPlan([
                new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, TimeSpan.FromSeconds(8))) { DtmfEvents = [.. Keyed.AsTelephoneEvents()] },
                new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, TimeSpan.FromSeconds(8))),
            ]),
            async callId =>
            {
                seen.Add(await WaitForStatusAsync(server, callId, s => s.Paused));
                seen.Add(await WaitForStatusAsync(server, callId, s => !s.Paused));
            });

        Assert.Equal((true, "policy", "dtmf"), seen[0]);
        Assert.False(seen[1].Paused);
        var keyedFor = (Keyed.On + Keyed.Gap) * CardNumber.Length - Keyed.Gap;
        var expected = call.Between("ANSWERED_AT", "ENDED_AT") - keyedFor - ResumeAfter;
        Assert.InRange(call.Recording.Duration, expected - TimeSpan.FromMilliseconds(300), expected + TimeSpan.FromMilliseconds(300));
        AssertNoDigitsIn(call);
        await AssertDigitsStoredNowhereAsync(server, call, CardNumber.Length);
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task InBandTonesBecomeDigitalSilenceAndAnApiPauseOutlivesThePolicy()
    {
        await using var server = await ServerProcess.StartAsync(_directory, Options(("PAUSE_BEHAVIOR", "silence")));
        (bool Paused, string? Source, string? Reason) policy = default, afterPolicy = default;
        var tone = AudioFixtures.Tone(440, TimeSpan.FromSeconds(9));

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, TimeSpan.FromSeconds(9)), ports =>
            new RtpSendPlan([
                new RtpStreamPlan(ports[0], Keyed.WrittenOver(tone, Rate)),
                new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, TimeSpan.FromSeconds(9))),
            ]),
            async callId =>
            {
                policy = await WaitForStatusAsync(server, callId, s => s.Paused);
                using var pause = await server.Http.PostAsJsonAsync(
                    new Uri($"api/sessions/{Uri.EscapeDataString(callId)}/pause", UriKind.Relative),
                    new Dictionary<string, object> { ["pause_recording"] = true, ["pause_transcription"] = false });
                pause.EnsureSuccessStatusCode();
                afterPolicy = await WaitForStatusAsync(server, callId, s => s.Source == "api");
                using var resume = await server.Http.PostAsync(new Uri($"api/sessions/{Uri.EscapeDataString(callId)}/resume", UriKind.Relative), null);
                resume.EnsureSuccessStatusCode();
            });

        Assert.Equal((true, "policy", "dtmf"), policy);
        Assert.True(afterPolicy.Paused, "the API pause ended with the policy pause");
        var keyedFor = (Keyed.On + Keyed.Gap) * CardNumber.Length;
        for (var channel = 0; channel < 2; channel++)
        {
            var silence = WavAnalysis.ZeroRuns(call.Channel(channel), Rate, keyedFor);
            Assert.Single(silence);
        }

        AssertNoDigitsIn(call);
        await AssertDigitsStoredNowhereAsync(server, call, 0);
    }

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [InlineData(true, "1234")]
    [InlineData(false, "****")]
    public async Task DigitValuesAreStoredOnlyWhenAskedAndThePolicyIsOff(bool store, string stored)
    {
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions
        {
            Environment = new Dictionary<string, string> { ["DTMF_STORE_DIGITS"] = store ? "true" : "false" },
        });
        var keys = new KeyedDigits(TimeSpan.FromMilliseconds(500), "1234", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(60));

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, TimeSpan.FromSeconds(2)), ports =>
            new RtpSendPlan([
                new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, TimeSpan.FromSeconds(2))) { DtmfEvents = [.. keys.AsTelephoneEvents()] },
                new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, TimeSpan.FromSeconds(2))),
            ]));

        Assert.Equal(stored, string.Concat(SidecarDigits(call)));
    }

    public void Dispose() => _directory.Dispose();

    private static ServerProcessOptions Options(params (string Key, string Value)[] more)
    {
        var environment = new Dictionary<string, string>
        {
            ["PAUSE_ON_DTMF"] = "true",
            ["PAUSE_ON_DTMF_RESUME_AFTER"] = "1s",
            ["DTMF_STORE_DIGITS"] = "true",
        };
        foreach (var (key, value) in more)
            environment[key] = value;
        return new ServerProcessOptions { Environment = environment };
    }

    private static SippRun CallRun(ServerProcess server, TimeSpan callLength) =>
        new(SippRun.ScenarioPath(SippScenarios.Call), server.SipPort, server.SippPort)
        {
            CallDuration = callLength,
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };

    private static async Task<(bool Paused, string? Source, string? Reason)> WaitForStatusAsync(
        ServerProcess server, string callId, Func<(bool Paused, string? Source, string? Reason), bool> condition)
    {
        var clock = Stopwatch.StartNew();
        (bool, string?, string?) last = default;
        while (clock.Elapsed < StatusWait)
        {
            using var status = JsonDocument.Parse(await server.Http.GetStringAsync(
                new Uri($"api/sessions/{Uri.EscapeDataString(callId)}/pause-status", UriKind.Relative)));
            var root = status.RootElement;
            last = (root.GetProperty("is_paused").GetBoolean(), root.GetProperty("pause_source").GetString(), root.GetProperty("reason").GetString());
            if (condition(last))
                return last;
            await Task.Delay(20);
        }

        throw new TimeoutException($"the status of {callId} never met the condition; last {last}\n{server.LogTail()}");
    }

    private static void AssertNoDigitsIn(RecordedCall call)
    {
        for (var channel = 0; channel < call.Recording.Channels.Count; channel++)
        {
            var detector = new InBandDtmfDetector();
            var samples = call.Channel(channel);
            var changes = new DtmfToneChange[InBandDtmfDetector.MaxChangesFor(samples.Length)];
            Assert.Equal(0, detector.Process(samples, changes));
        }
    }

    private static async Task AssertDigitsStoredNowhereAsync(ServerProcess server, RecordedCall call, int telephoneEvents)
    {
        Assert.Equal(Enumerable.Repeat("*", telephoneEvents), SidecarDigits(call));
        foreach (var file in Directory.EnumerateFiles(server.RecordingDirectory, "*", SearchOption.AllDirectories).Append(server.LogPath))
        {
            var text = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(CardNumber, text, StringComparison.Ordinal);
            Assert.DoesNotContain(CardNumber[..8], text, StringComparison.Ordinal);
        }
    }

    private static List<string?> SidecarDigits(RecordedCall call)
    {
        using var sidecar = JsonDocument.Parse(File.ReadAllText(call.SidecarPath));
        return [.. sidecar.RootElement.GetProperty("dtmf_events").EnumerateArray().Select(e => e.GetProperty("digit").GetString())];
    }
}
