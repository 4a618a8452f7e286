using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// Pause and resume of live SIPREC calls through the REST API, driven the way the spec prints it (curl, the Python client),
/// and checked in the recorded WAV against a signal that says which second of the source each stretch of audio is.
/// </summary>
public sealed partial class PauseResumeEndToEndTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private const string ApiKey = "your-api-key";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PauseAt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ResumeAt = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ByeAt = TimeSpan.FromSeconds(15);

    // How far a pause edge can land in the audio from the instant curl ran: one 20 ms packet in flight at the instant
    // (the file is cut where it starts or ends), one 20 ms analysis window, and 20 ms for a busy server reading a
    // packet late (its place comes from its timestamp, the gate from when it is read).
    private static readonly TimeSpan EdgeTolerance = TimeSpan.FromMilliseconds(60);

    // The spec's round figures (5 s, 10 s, 15 s): starting a curl process on a busy two-core machine has been seen to
    // take a few hundred milliseconds, and SIPp's BYE takes a round trip. The exact checks are the ones bounded by the
    // measured curl runs (EdgeTolerance); these only hold the scenario to its shape.
    private static readonly TimeSpan NominalTolerance = TimeSpan.FromMilliseconds(400);

    private static readonly SteppedTone[] Tones = [SteppedTone.Rising(16), SteppedTone.Falling(16)];

    private readonly TestDirectory _directory = new("pause-resume");
    private readonly SippRunner _runner;

    /// <summary>One SIPp runner per test, so that each of its calls gets its own trace folder.</summary>
    public PauseResumeEndToEndTests() => _runner = new SippRunner(_directory);

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task CurlPauseFromFiveToTenSecondsWithSkipLeavesThoseSecondsOutOfBothChannels()
    {
        var (call, pause, resume) = await RunCallPausedByCurlAsync("skip");

        var callDuration = call.Between("ANSWERED_AT", "ENDED_AT");
        // The file lacks exactly the paused time, which lies between the resume's and the pause's curl runs.
        AssertWithin(call.Recording.Duration, callDuration - (resume.To - pause.From) - EdgeTolerance, callDuration - (resume.From - pause.To) + EdgeTolerance, "WAV duration");
        AssertNear(ByeAt - (ResumeAt - PauseAt), call.Recording.Duration, NominalTolerance, "WAV duration");
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = call.Channel(channel);
            var seconds = Tones[channel].ReadSeconds(samples, Window);
            var sound = FirstSound(seconds, channel);
            var offset = SourceOffset(seconds, channel);
            var splice = StartOfFirst(seconds, s => s >= 10, channel, "second 10 of the source");
            var cut = splice - offset;
            var resumedAt = TimeSpan.FromSeconds(11) - (StartOfFirst(seconds, s => s >= 11, channel, "second 11 of the source") - splice);
            // Both channels are cut where the first packet the pause withheld starts and go on where the last one ends, so
            // from the first sample of the first packet to the last of the last (the file runs on until the BYE) not even
            // a millisecond is digital silence, and no window is silent.
            var (first, heard) = Heard(samples);
            AssertNoDigitalSilence(heard, first, channel);
            var gaps = WavAnalysis.SilentSpans(heard, Rate, Window, Window);
            Assert.True(gaps.Count == 0, $"channel {channel}: silent gaps after the first sample at {first}: {string.Join(", ", gaps)}");
            AssertWithin(cut, pause.From - EdgeTolerance, pause.To + EdgeTolerance, $"channel {channel}: source time where the file leaves off");
            AssertWithin(resumedAt, resume.From - EdgeTolerance, resume.To + EdgeTolerance, $"channel {channel}: source time where the file goes on");
            Assert.DoesNotContain(seconds, s => s is >= 6 and <= 9);
            var fifth = Window * seconds.Count(s => s == 5);
            Assert.True(fifth <= pause.To - PauseAt + EdgeTolerance, $"channel {channel}: {fifth} of second 5 recorded, the pause took effect by {pause.To}");
            AssertSecondsLineUp(seconds, channel, t =>
                t < splice - Window ? t - offset
                : t > splice + Window ? t - splice + resumedAt
                : null);
        }
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task CurlPauseFromFiveToTenSecondsWithSilenceWritesDigitalSilenceThereOnBothChannels()
    {
        var (call, pause, resume) = await RunCallPausedByCurlAsync("silence");

        var callDuration = call.Between("ANSWERED_AT", "ENDED_AT");
        AssertNear(callDuration, call.Recording.Duration, EdgeTolerance, "WAV duration");
        AssertNear(ByeAt, call.Recording.Duration, NominalTolerance, "WAV duration");
        var silences = new List<(int Start, int End)>();
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = call.Channel(channel);
            var seconds = Tones[channel].ReadSeconds(samples, Window);
            var sound = FirstSound(seconds, channel);
            var offset = SourceOffset(seconds, channel);
            var zeros = WavAnalysis.ZeroRuns(samples.AsSpan(Samples(sound)), Rate, Window);
            var run = Assert.Single(zeros);
            var (start, end) = (sound + run.Start, sound + run.End);
            silences.Add((Samples(start), Samples(end)));
            AssertWithin(start - offset, pause.From - EdgeTolerance, pause.To + EdgeTolerance, $"channel {channel}: source time where digital silence starts");
            AssertWithin(end - offset, resume.From - EdgeTolerance, resume.To + EdgeTolerance, $"channel {channel}: source time where digital silence ends");
            AssertNear(PauseAt, start - offset, NominalTolerance, $"channel {channel}: start of digital silence");
            AssertNear(ResumeAt, end - offset, NominalTolerance, $"channel {channel}: end of digital silence");

            var gaps = WavAnalysis.SilentSpans(samples.AsSpan(Samples(sound)), Rate, Window, Window)
                .Where(g => sound + g.End < start - Window || sound + g.Start > end + Window)
                .ToArray();
            Assert.True(gaps.Length == 0, $"channel {channel}: silent outside the pause: {string.Join(", ", gaps)}");
            AssertSecondsLineUp(seconds, channel, t => t > start - Window && t < end + Window ? null : t - offset);
        }

        // The pause is cut at the same points on both channels, whatever each leg's packets' phase; a decoded sample next
        // to the cut may be zero as well, so the runs may differ by a millisecond.
        var apart = Math.Max(Math.Abs(silences[0].Start - silences[1].Start), Math.Abs(silences[0].End - silences[1].End));
        Assert.True(apart <= Samples(TimeSpan.FromMilliseconds(1)), $"digital silence differs between the channels: samples {silences[0]} and {silences[1]}");
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task SpecPythonClientPausesReadsAndResumesALiveCall()
    {
        await using var server = await ServerProcess.StartAsync(_directory, Options("silence", vconExport: true));
        var tones = new[] { SteppedTone.Rising(8), SteppedTone.Falling(8) };
        var callId = "";
        var python = (ExitCode: -1, Stdout: "", Stderr: "");
        var ran = (From: DateTimeOffset.MinValue, To: DateTimeOffset.MinValue, Took: TimeSpan.Zero);

        var call = await RecordedCall.RunAsync(server, _runner, CallRun(server, TimeSpan.FromSeconds(7)), ports => Plan(ports, tones), async id =>
        {
            callId = id;
            var clock = Stopwatch.StartNew();
            var from = TimeProvider.System.GetUtcNow();
            python = await ExternalCommand.RunAsync(
                "python3",
                ["live_call_usage.py"],
                new Dictionary<string, string> { ["SIPREC_BASE_URL"] = BaseUrl(server) + "/", ["SIPREC_SESSION_ID"] = id },
                Path.Combine(AppContext.BaseDirectory, "SpecExamples"));
            ran = (from, TimeProvider.System.GetUtcNow(), clock.Elapsed);
        });

        Assert.True(python.ExitCode == 0, python.Stderr);
        var lines = python.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var named = Regex.Escape($"'session_id': '{callId}'");
        var paused = MatchLine($"^Session paused: {{{named}, 'is_paused': True, 'recording_paused': True, 'transcription_paused': False, 'paused_at': '([0-9TZ:-]+)', 'pause_duration': '0s'", lines[0]);
        var pausedAt = DateTimeOffset.Parse(paused.Groups[1].Value, CultureInfo.InvariantCulture);
        // paused_at is whole seconds (truncated), so it may read up to a second before the script started.
        AssertWithin(pausedAt, ran.From - TimeSpan.FromSeconds(1), ran.To, "paused_at");
        var current = MatchLine($"^Current status: {{{named}, 'is_paused': True, 'recording_paused': True, 'transcription_paused': False, 'paused_at': '{Regex.Escape(paused.Groups[1].Value)}', 'pause_duration': '([0-9]+)s'", lines[1]);
        var pausedFor = TimeSpan.FromSeconds(int.Parse(current.Groups[1].Value, CultureInfo.InvariantCulture));
        AssertWithin(pausedFor, TimeSpan.FromSeconds(2), ran.Took, "pause_duration after the script's 2 s sleep");
        Assert.Contains("'pause_source': 'api'", lines[1], StringComparison.Ordinal);
        MatchLine($"^Session resumed: {{{named}, 'is_paused': False, 'recording_paused': False, 'transcription_paused': False, 'paused_at': None, 'pause_duration': '0s'", lines[2]);

        using var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(call.SidecarPath));
        var pauseEntry = Assert.Single(sidecar.RootElement.GetProperty("pauses").EnumerateArray());
        Assert.Equal("api", pauseEntry.GetProperty("source").GetString());
        Assert.True(pauseEntry.GetProperty("recording").GetBoolean());
        Assert.False(pauseEntry.GetProperty("transcription").GetBoolean());
        await AssertTheVconShowsThePauseAsync(call, pauseEntry);
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = call.Channel(channel);
            var sound = FirstSound(tones[channel].ReadSeconds(samples, Window), channel);
            var run = Assert.Single(WavAnalysis.ZeroRuns(samples.AsSpan(Samples(sound)), Rate, Window));
            // The recording is paused for the script's 2 s sleep and its status request, and never longer than the script ran.
            AssertWithin(run.Duration, TimeSpan.FromSeconds(2) - EdgeTolerance, ran.Took + EdgeTolerance, $"channel {channel}: digital silence");
        }
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task PauseAllAndResumeAllPauseTwoConcurrentCallsAtTheSameInstantOnEveryChannel()
    {
        await using var server = await ServerProcess.StartAsync(_directory, Options("silence"));
        using var secondCallPorts = FreePorts.Lease(6);
        var runs = new[]
        {
            CallRun(server, TimeSpan.FromSeconds(8)),
            CallRun(server, TimeSpan.FromSeconds(8)) with { LocalPort = secondCallPorts[0], MediaPort = secondCallPorts[2] },
        };
        var sources = new[]
        {
            new[] { AudioFixtures.Tone(440, TimeSpan.FromSeconds(9)), AudioFixtures.Tone(620, TimeSpan.FromSeconds(9)) },
            new[] { AudioFixtures.Tone(500, TimeSpan.FromSeconds(9)), AudioFixtures.Tone(700, TimeSpan.FromSeconds(9)) },
        };
        // One clock for both calls' media and for curl: each call's sender start is read on it.
        var clock = Stopwatch.StartNew();
        var senderStarts = new TimeSpan[runs.Length];
        var live = runs.Select(_ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, runs.Length).Select(i => RecordedCall.RunAsync(
            server,
            _runner,
            runs[i],
            ports => new RtpSendPlan([new RtpStreamPlan(ports[0], sources[i][0]), new RtpStreamPlan(ports[1], sources[i][1])]),
            async id =>
            {
                senderStarts[i] = clock.Elapsed;
                live[i].SetResult(id);
                await released.Task;
            })).ToArray();
        var pause = new Interval(TimeSpan.Zero, TimeSpan.Zero);
        var resume = pause;

        async Task ControlAsync()
        {
            try
            {
                var ids = await Task.WhenAll(live.Select(l => l.Task)).WaitAsync(Bound);
                await Task.Delay(TimeSpan.FromSeconds(2.5));
                var from = clock.Elapsed;
                using var paused = await CurlAsync(
                    "-X", "POST", $"{BaseUrl(server)}/api/sessions/pause-all",
                    "-H", "Content-Type: application/json",
                    "-H", $"X-API-Key: {ApiKey}",
                    "-d", """{"pause_recording": true, "pause_transcription": true}""");
                pause = new Interval(from, clock.Elapsed);
                Assert.Equal("All sessions paused", paused.RootElement.GetProperty("message").GetString());
                Assert.Equal(2, paused.RootElement.GetProperty("count").GetInt32());

                using var map = await CurlAsync("-H", $"X-API-Key: {ApiKey}", $"{BaseUrl(server)}/api/sessions/pause-status");
                Assert.Equal(ids.Order(StringComparer.Ordinal), map.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
                foreach (var id in ids)
                {
                    var status = map.RootElement.GetProperty(id);
                    Assert.True(status.GetProperty("is_paused").GetBoolean(), $"{id} in {map.RootElement}");
                    Assert.True(status.GetProperty("recording_paused").GetBoolean() && status.GetProperty("transcription_paused").GetBoolean(), $"{id} in {map.RootElement}");
                }

                await Task.Delay(TimeSpan.FromSeconds(2.5));
                from = clock.Elapsed;
                using var resumed = await CurlAsync(
                    "-X", "POST", $"{BaseUrl(server)}/api/sessions/resume-all",
                    "-H", $"X-API-Key: {ApiKey}");
                resume = new Interval(from, clock.Elapsed);
                Assert.Equal("All sessions resumed", resumed.RootElement.GetProperty("message").GetString());
                Assert.Equal(2, resumed.RootElement.GetProperty("count").GetInt32());
                using var after = await CurlAsync("-H", $"X-API-Key: {ApiKey}", $"{BaseUrl(server)}/api/sessions/pause-status");
                Assert.All(ids, id => Assert.False(after.RootElement.GetProperty(id).GetProperty("is_paused").GetBoolean(), $"{id} in {after.RootElement}"));
            }
            finally
            {
                released.TrySetResult();
            }
        }

        var control = ControlAsync();
        await Task.WhenAll(calls.Append(control));

        var edges = new List<(string Where, TimeSpan Start, TimeSpan End)>();
        for (var i = 0; i < calls.Length; i++)
        {
            var call = calls[i].Result;
            for (var channel = 0; channel < 2; channel++)
            {
                var samples = call.Channel(channel);
                // The first packet lands where the file's audio starts: that is the sender's start on the shared clock.
                var sound = TimeSpan.FromSeconds((double)samples.AsSpan().IndexOfAnyExcept((short)0) / Rate);
                var run = Assert.Single(WavAnalysis.ZeroRuns(samples, Rate, Window), r => r.Start > sound);
                var (start, end) = (senderStarts[i] + run.Start - sound, senderStarts[i] + run.End - sound);
                var where = $"call {i + 1} channel {channel}";
                AssertWithin(start, pause.From - EdgeTolerance, pause.To + EdgeTolerance, $"{where}: start of digital silence");
                AssertWithin(end, resume.From - EdgeTolerance, resume.To + EdgeTolerance, $"{where}: end of digital silence");
                edges.Add((where, start, end));
            }
        }
        var described = string.Join("; ", edges.Select(e => $"{e.Where}: {e.Start} .. {e.End}"));
        Assert.True(edges.Max(e => e.Start) - edges.Min(e => e.Start) <= EdgeTolerance, $"pauses do not start together: {described}");
        Assert.True(edges.Max(e => e.End) - edges.Min(e => e.End) <= EdgeTolerance, $"pauses do not end together: {described}");
    }

    [IntegrationTheory]
    [Trait("Requires", "Integration")]
    [InlineData("skip")]
    [InlineData("silence")]
    public async Task AnApiPauseAndAnSrcPauseInOneCallAppearTheSameWay(string behavior)
    {
        await using var server = await ServerProcess.StartAsync(_directory, Options(behavior));
        var active = TimeSpan.FromSeconds(6);
        var srcPause = TimeSpan.FromSeconds(3);
        var (apiPauseAt, apiResumeAt) = (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(13));
        var pause = new Interval(TimeSpan.Zero, TimeSpan.Zero);
        var resume = pause;
        var run = new SippRun(SippRun.ScenarioPath(SippScenarios.PauseResume), server.SipPort, server.SippPort)
        {
            CallDuration = active,
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
            Variables = new Dictionary<string, string> { ["pause_ms"] = ((int)srcPause.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) },
        };
        var call = await RecordedCall.RunAsync(server, _runner, run, ports => Plan(ports, Tones), async callId =>
        {
            var clock = Stopwatch.StartNew();
            await DelayUntilAsync(clock, apiPauseAt);
            var from = clock.Elapsed;
            using var paused = await CurlAsync(
                "-X", "POST", $"{BaseUrl(server)}/api/sessions/{callId}/pause", "-H", "Content-Type: application/json", "-H", $"X-API-Key: {ApiKey}",
                "-d", """{"pause_recording": true, "pause_transcription": false}""");
            pause = new Interval(from, clock.Elapsed);
            await DelayUntilAsync(clock, apiResumeAt);
            from = clock.Elapsed;
            using var resumed = await CurlAsync("-X", "POST", $"{BaseUrl(server)}/api/sessions/{callId}/resume", "-H", $"X-API-Key: {ApiKey}");
            resume = new Interval(from, clock.Elapsed);
        });

        var callDuration = call.Between("ANSWERED_AT", "ENDED_AT");
        var srcFrom = call.Between("ANSWERED_AT", "PAUSED_AT");
        var srcFor = call.Between("PAUSED_AT", "RESUMED_AT");
        var silences = new List<(int Start, int End)>();
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = call.Channel(channel);
            var seconds = Tones[channel].ReadSeconds(samples, Window);
            var sound = FirstSound(seconds, channel);
            var offset = SourceOffset(seconds, channel);
            if (behavior == "skip")
            {
                // Both pauses are cut out: from the first sample to the last not even a millisecond is digital silence.
                var (first, heard) = Heard(samples);
                AssertNoDigitalSilence(heard, first, channel);
                Assert.DoesNotContain(seconds, s => s is 7 or 11 or 12);
                continue;
            }

            var runs = WavAnalysis.ZeroRuns(samples.AsSpan(Samples(sound)), Rate, Window);
            Assert.True(runs.Count == 2, $"channel {channel}: digital silence at {string.Join(", ", runs)}");
            var (src, api) = (runs[0], runs[1]);
            AssertNear(srcFrom, sound + src.Start, NominalTolerance, $"channel {channel}: start of the SRC pause's silence");
            AssertNear(srcFor, src.End - src.Start, NominalTolerance, $"channel {channel}: length of the SRC pause's silence");
            AssertWithin(sound + api.Start - offset, pause.From - EdgeTolerance, pause.To + EdgeTolerance, $"channel {channel}: source time where the API pause's silence starts");
            AssertWithin(sound + api.End - offset, resume.From - EdgeTolerance, resume.To + EdgeTolerance, $"channel {channel}: source time where the API pause's silence ends");
            silences.Add((Samples(sound + api.Start), Samples(sound + api.End)));
        }

        var expectedLength = behavior == "skip" ? callDuration - srcFor - (resume.From - pause.From) : callDuration;
        AssertNear(expectedLength, call.Recording.Duration, NominalTolerance, "WAV duration");
        if (silences.Count == 2)
        {
            var apart = Math.Max(Math.Abs(silences[0].Start - silences[1].Start), Math.Abs(silences[0].End - silences[1].End));
            Assert.True(apart <= Samples(TimeSpan.FromMilliseconds(1)), $"the API pause's silence differs between the channels: samples {silences[0]} and {silences[1]}");
        }

        using var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(call.SidecarPath));
        var pauses = sidecar.RootElement.GetProperty("pauses").EnumerateArray()
            .Select(p => (p.GetProperty("source").GetString(), p.GetProperty("behavior").GetString()))
            .ToArray();
        Assert.Equal([("src", behavior), ("api", behavior)], pauses);
    }

    public void Dispose() => _directory.Dispose();

    private async Task<(RecordedCall Call, Interval Pause, Interval Resume)> RunCallPausedByCurlAsync(string behavior)
    {
        await using var server = await ServerProcess.StartAsync(_directory, Options(behavior));
        var pause = new Interval(TimeSpan.Zero, TimeSpan.Zero);
        var resume = pause;
        var call = await RecordedCall.RunAsync(server, _runner, CallRun(server, ByeAt), ports => Plan(ports, Tones), async callId =>
        {
            // The clock starts with the first RTP packet, so its times are times of the source signal.
            var clock = Stopwatch.StartNew();
            await DelayUntilAsync(clock, PauseAt);
            var from = clock.Elapsed;
            using var paused = await CurlAsync(
                "-X", "POST", $"{BaseUrl(server)}/api/sessions/{callId}/pause",
                "-H", "Content-Type: application/json",
                "-H", $"X-API-Key: {ApiKey}",
                "-d", """{"pause_recording": true, "pause_transcription": false}""");
            pause = new Interval(from, clock.Elapsed);
            Assert.Equal(callId, paused.RootElement.GetProperty("session_id").GetString());
            Assert.True(paused.RootElement.GetProperty("recording_paused").GetBoolean());
            Assert.False(paused.RootElement.GetProperty("transcription_paused").GetBoolean());
            Assert.Equal(behavior, paused.RootElement.GetProperty("pause_behavior").GetString());

            await DelayUntilAsync(clock, ResumeAt);
            from = clock.Elapsed;
            using var resumed = await CurlAsync(
                "-X", "POST", $"{BaseUrl(server)}/api/sessions/{callId}/resume",
                "-H", $"X-API-Key: {ApiKey}");
            resume = new Interval(from, clock.Elapsed);
            Assert.False(resumed.RootElement.GetProperty("is_paused").GetBoolean());
        });
        return (call, pause, resume);
    }

    /// <summary>With VCON_EXPORT on, the vCon beside the WAV names it by hash and carries the sidecar's pause as an attachment.</summary>
    private static async Task AssertTheVconShowsThePauseAsync(RecordedCall call, JsonElement pauseEntry)
    {
        var vconPath = Path.ChangeExtension(call.SidecarPath, null) + ".vcon.json";
        var clock = Stopwatch.StartNew();
        while (!File.Exists(vconPath) && clock.Elapsed < Bound)
            await Task.Delay(50);
        using var vcon = JsonDocument.Parse(await File.ReadAllTextAsync(vconPath));
        var dialog = vcon.RootElement.GetProperty("dialog")[0];
        Assert.Equal(Path.GetFileName(call.WavPath), dialog.GetProperty("url").GetString());
        var wav = await File.ReadAllBytesAsync(call.WavPath);
        Assert.Equal("sha512-" + System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA512.HashData(wav)), dialog.GetProperty("content_hash").GetString());
        var pause = Assert.Single(vcon.RootElement.GetProperty("attachments").EnumerateArray()).GetProperty("body");
        Assert.Equal("api", pause.GetProperty("source").GetString());
        Assert.Equal(pauseEntry.GetProperty("started_at").GetDateTimeOffset(), pause.GetProperty("start").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(pauseEntry.GetProperty("ended_at").GetDateTimeOffset(), pause.GetProperty("end").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
    }

    private static ServerProcessOptions Options(string behavior, bool vconExport = false) => new()
    {
        Environment = new Dictionary<string, string>
        {
            ["PAUSE_BEHAVIOR"] = behavior,
            ["PAUSE_RESUME_REQUIRE_AUTH"] = "true",
            ["PAUSE_RESUME_API_KEY"] = ApiKey,
            ["VCON_EXPORT"] = vconExport ? "true" : "false",
        },
    };

    private static SippRun CallRun(ServerProcess server, TimeSpan callLength) =>
        new(SippRun.ScenarioPath(SippScenarios.Call), server.SipPort, server.SippPort)
        {
            CallDuration = callLength,
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };

    private static RtpSendPlan Plan(IReadOnlyList<System.Net.IPEndPoint> ports, SteppedTone[] tones) =>
        new([new RtpStreamPlan(ports[0], tones[0].Samples()), new RtpStreamPlan(ports[1], tones[1].Samples())]);

    private static string BaseUrl(ServerProcess server) => $"http://127.0.0.1:{server.HttpPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Runs the real curl with exactly the spec's arguments and parses what it printed; fails on a non-zero exit or an error answer.</summary>
    private static async Task<JsonDocument> CurlAsync(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync("curl", arguments);
        Assert.True(exitCode == 0, $"curl exited {exitCode}: {stderr}");
        var answer = JsonDocument.Parse(stdout);
        Assert.False(answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("error", out _), $"curl {string.Join(' ', arguments)}: {stdout}");
        return answer;
    }

    private static async Task DelayUntilAsync(Stopwatch clock, TimeSpan due)
    {
        // A timer may fire a millisecond early; a few bounded retries keep "at 5 s" from meaning 4.999 s.
        for (var attempt = 0; attempt < 5 && clock.Elapsed < due; attempt++)
            await Task.Delay(due - clock.Elapsed);
    }

    private static int Samples(TimeSpan time) => (int)Math.Round(time.TotalSeconds * Rate);

    /// <summary>The samples from the first to the last that is not zero, and where they start.</summary>
    private static (int First, short[] Heard) Heard(short[] samples)
    {
        var first = samples.AsSpan().IndexOfAnyExcept((short)0);
        return (first, samples[first..(samples.AsSpan().LastIndexOfAnyExcept((short)0) + 1)]);
    }

    private static void AssertNoDigitalSilence(short[] heard, int first, int channel)
    {
        var zeros = WavAnalysis.ZeroRuns(heard, Rate, TimeSpan.FromMilliseconds(1));
        Assert.True(zeros.Count == 0, $"channel {channel}: digital silence after the first sample at {first}: {string.Join(", ", zeros)}");
    }

    private static TimeSpan FirstSound(IReadOnlyList<int?> seconds, int channel)
    {
        var sound = StartOfFirst(seconds, _ => true, channel, "any sound");
        // Media starts once the test has read the answer from SIPp's log, a few tens of milliseconds after the file's start.
        Assert.True(sound < TimeSpan.FromMilliseconds(500), $"channel {channel}: first sound only at {sound}");
        return sound;
    }

    /// <summary>Where the source's second 0 starts in the recording, from where seconds 1 to 4 start (before any pause).</summary>
    private static TimeSpan SourceOffset(IReadOnlyList<int?> seconds, int channel) =>
        TimeSpan.FromTicks((long)Enumerable.Range(1, 4)
            .Select(k => (StartOfFirst(seconds, s => s >= k, channel, $"second {k} of the source") - TimeSpan.FromSeconds(k)).Ticks)
            .Average());

    private static TimeSpan StartOfFirst(IReadOnlyList<int?> seconds, Func<int, bool> match, int channel, string what)
    {
        for (var w = 0; w < seconds.Count; w++)
        {
            if (seconds[w] is { } s && match(s))
                return Window * w;
        }
        throw new Xunit.Sdk.XunitException($"channel {channel}: {what} never heard in the recording");
    }

    /// <summary>Asserts that every window reads the second of the source that <paramref name="sourceAt"/> maps its middle to (null: not checked).</summary>
    private static void AssertSecondsLineUp(IReadOnlyList<int?> seconds, int channel, Func<TimeSpan, TimeSpan?> sourceAt)
    {
        var wrong = new List<string>();
        var checkedWindows = 0;
        for (var w = 0; w < seconds.Count; w++)
        {
            var middle = (Window * w) + (Window / 2);
            if (sourceAt(middle) is not { } source || source < TimeSpan.Zero)
                continue;
            // A window within its own length of a step of the source holds both seconds.
            var fraction = source.TotalSeconds - Math.Floor(source.TotalSeconds);
            if (fraction < Window.TotalSeconds || fraction > 1 - Window.TotalSeconds)
                continue;
            checkedWindows++;
            var expected = (int)Math.Floor(source.TotalSeconds);
            if (seconds[w] != expected)
                wrong.Add($"{Window * w}: heard {seconds[w]?.ToString(CultureInfo.InvariantCulture) ?? "silence"}, source second {expected}");
        }
        Assert.True(wrong.Count == 0, $"channel {channel}: {wrong.Count} of {checkedWindows} windows out of line: {string.Join("; ", wrong.Take(10))}");
        Assert.True(checkedWindows > seconds.Count / 2, $"channel {channel}: only {checkedWindows} of {seconds.Count} windows checked");
    }

    private static Match MatchLine(string pattern, string line)
    {
        var match = Regex.Match(line, pattern);
        Assert.True(match.Success, $"'{line}' does not match {pattern}");
        return match;
    }

    private static void AssertNear(TimeSpan expected, TimeSpan actual, TimeSpan tolerance, string what) =>
        AssertWithin(actual, expected - tolerance, expected + tolerance, what);

    private static void AssertWithin(TimeSpan actual, TimeSpan low, TimeSpan high, string what) =>
        Assert.True(actual >= low && actual <= high, $"{what}: {actual} is outside {low} .. {high}");

    private static void AssertWithin(DateTimeOffset actual, DateTimeOffset low, DateTimeOffset high, string what) =>
        Assert.True(actual >= low && actual <= high, $"{what}: {actual:HH:mm:ss.fff} is outside {low:HH:mm:ss.fff} .. {high:HH:mm:ss.fff}");

    /// <summary>When curl ran, from just before its start to just after its exit, on the clock of the source signal.</summary>
    private sealed record Interval(TimeSpan From, TimeSpan To);
}
