using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;
using Siprec.Testing;
using Siprec.Tests.Shared;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// Outages of what the server calls (the speech provider, a webhook receiver, the S3 endpoint), each against its local
/// fake: calls are recorded whole, SIP and HTTP still answer, the backlog shows in /metrics and stays bounded, retries
/// stop at their bound, one log line names the Call-ID and the cause, and once the service is back the backlog drains.
/// </summary>
public sealed partial class OutageEndToEndTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private const int StreamQueueCapacity = 200;
    private const int BreakerFailures = 5;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new("outage");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task ASpeechProviderOutageKeepsTheRecordingBoundsTheQueuedAudioAndTheNextCallIsTranscribed()
    {
        await using var deepgram = await FakeDeepgramServer.StartAsync();
        deepgram.Refusing = true;
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions { Environment = TranscribingWith(deepgram) });

        // Six seconds of audio: each stream's queue (200 chunks of 20 ms) is full after four and then drops its oldest.
        var audio = TimeSpan.FromSeconds(6);
        double backlogWhenFull = 0;
        var during = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, audio + TimeSpan.FromSeconds(1)), ports => Tones(ports, audio), async callId =>
        {
            await ServerProbe.WaitForMetricAsync(server, "siprec_transcription_streams{state=\"reconnecting\"}", v => v == 2, Bound, "both streams reconnecting");
            await ServerProbe.AssertAnswersSipAndHttpAsync(server);
            await ServerProbe.WaitForMetricAsync(server, "siprec_transcription_dropped_chunks_total", v => v > 0, Bound, "the oldest audio dropped once the queues are full");
            backlogWhenFull = await ServerProbe.MetricAsync(server, "siprec_transcription_backlog_chunks");
            var failure = await ServerProbe.WaitForLogLineAsync(server, Bound, "Speech provider deepgram failed for session " + callId);
            Assert.Contains("503", failure, StringComparison.Ordinal);
            await ServerProbe.AssertAnswersSipAndHttpAsync(server);
        });

        Assert.InRange(backlogWhenFull, (2 * StreamQueueCapacity) - 2, 2 * StreamQueueCapacity);
        AssertRecordedWhole(during, audio);
        await ServerProbe.WaitForMetricAsync(server, "siprec_transcription_backlog_chunks", v => v == 0, Bound, "the queues emptied when the call ended");
        await ServerProbe.WaitForMetricAsync(server, "siprec_transcription_streams{state=\"reconnecting\"}", v => v == 0, Bound, "no stream left reconnecting");
        // Backoff from 0.5 s, doubling, and the breaker that opens after five failures bound the attempts of each stream.
        Assert.InRange(deepgram.Refused, 2, 2 * BreakerFailures);
        // An attempt cut short by the end of the call counts at the fake but is no provider error.
        Assert.InRange(await ServerProbe.MetricAsync(server, "siprec_transcription_errors_total"), deepgram.Refused - 2, deepgram.Refused);
        Assert.Empty(deepgram.Connections);

        deepgram.Refusing = false;
        var after = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, TimeSpan.FromSeconds(5)), ports => Tones(ports, TimeSpan.FromSeconds(4)));
        Assert.Equal(2, deepgram.Connections.Count);
        var transcript = await TranscriptAsync(after);
        Assert.True(transcript.Count > 0, $"no transcript; audio bytes at the fake {string.Join(", ", deepgram.Connections.Select(c => c.Bytes))}\n"
            + string.Join('\n', ServerProbe.LogLines(server).Where(l => l.Contains("Siprec.Transcription", StringComparison.Ordinal) || l.Contains("Siprec.Recording.Transcription", StringComparison.Ordinal)).TakeLast(40)));
        Assert.Equal([0, 1], transcript.Select(l => l.GetProperty("stream_index").GetInt32()).Distinct().Order());
        await ServerProbe.AssertAnswersSipAndHttpAsync(server);
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task AWebhookReceiverOutageRetriesEachEventFiveTimesQueuesTheRestAndDeliversThemWhenItIsBack()
    {
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        receiver.Down = true;
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["PAUSE_RESUME_NOTIFICATIONS"] = "true",
                ["PAUSE_RESUME_WEBHOOK_URLS"] = receiver.Url.ToString(),
                ["PAUSE_RESUME_WEBHOOK_RETRY_DELAY"] = "200ms",
            },
        });

        const int Events = 4;
        var audio = TimeSpan.FromSeconds(4);
        string? abandoned = null;
        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, audio + TimeSpan.FromSeconds(1)), ports => Tones(ports, audio), async callId =>
        {
            var session = Uri.EscapeDataString(callId);
            for (var i = 0; i < Events / 2; i++)
            {
                await PostAsync(server, $"api/sessions/{session}/pause", """{"pause_recording": false, "pause_transcription": true}""");
                await PostAsync(server, $"api/sessions/{session}/resume", """{"resume_recording": true, "resume_transcription": true}""");
            }

            // The first event is being retried; the other three wait behind it.
            var backlog = await ServerProbe.WaitForMetricAsync(server, "siprec_webhook_backlog_events", v => v >= 1, Bound, "events queued behind the failing one");
            Assert.InRange(backlog, 1, Events - 1);
            await ServerProbe.AssertAnswersSipAndHttpAsync(server);
            abandoned = await ServerProbe.WaitForLogLineAsync(server, Bound, "abandoned after all attempts", callId, "HTTP 500");
            receiver.Down = false;
        });

        AssertRecordedWhole(call, audio);
        Assert.Contains("session.paused", abandoned, StringComparison.Ordinal);
        var first = receiver.Attempts.First().EventId;
        Assert.Equal(5, receiver.AttemptsFor(first));
        Assert.DoesNotContain(first, receiver.Delivered);

        await ServerProbe.WaitForMetricAsync(server, "siprec_webhook_backlog_events", v => v == 0, Bound, "the queue drained once the receiver was back");
        var delivered = await ServerProbe.WaitForMetricAsync(server, "siprec_webhook_deliveries_total{outcome=\"delivered\"}", v => v >= 2, Bound, "the later events delivered");
        var given = await ServerProbe.MetricAsync(server, "siprec_webhook_deliveries_total{outcome=\"abandoned\"}");
        Assert.True(given >= 1, "no delivery counted as abandoned");
        Assert.Equal(Events, delivered + given);
        Assert.Equal(delivered, receiver.Delivered.Count);
        Assert.All(receiver.Attempts.GroupBy(a => a.EventId), e => Assert.InRange(e.Count(), 1, 5));
        Assert.Equal(receiver.Attempts.Count(a => !a.Accepted), await ServerProbe.MetricAsync(server, "siprec_webhook_failed_attempts_total"));
        await ServerProbe.AssertAnswersSipAndHttpAsync(server);
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task ATranscriptWebhookOutageRetriesTheResultsAndDeliversThemInOrderWhenItIsBack()
    {
        await using var deepgram = await FakeDeepgramServer.StartAsync();
        await using var receiver = await FakeWebhookReceiver.StartAsync();
        receiver.Down = true;
        var environment = TranscribingWith(deepgram);
        environment["STT_WEBHOOK_URL"] = receiver.Url.ToString();
        environment["STT_WEBHOOK_MAX_ATTEMPTS"] = "1000";
        environment["STT_WEBHOOK_RETRY_DELAY"] = "100ms";
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions { Environment = environment });

        var audio = TimeSpan.FromSeconds(4);
        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, audio + TimeSpan.FromSeconds(1)), ports => Tones(ports, audio), async callId =>
        {
            await ServerProbe.WaitForMetricAsync(server, "siprec_transcript_webhook_failed_attempts_total", v => v >= 2, Bound, "the first result retried");
            await ServerProbe.AssertAnswersSipAndHttpAsync(server);
            var failure = await ServerProbe.WaitForLogLineAsync(server, Bound, "attempt 1 failed for a result of session " + callId);
            Assert.Contains("HTTP 500", failure, StringComparison.Ordinal);
            receiver.Down = false;
        });

        AssertRecordedWhole(call, audio);
        var transcript = await TranscriptAsync(call);
        Assert.NotEmpty(transcript);
        await ServerProbe.WaitForMetricAsync(
            server, "siprec_transcript_webhook_deliveries_total{outcome=\"delivered\"}", v => v == transcript.Count, Bound, "every final result delivered");
        await ServerProbe.WaitForMetricAsync(server, "siprec_transcript_webhook_backlog_results", v => v == 0, Bound, "the queue drained");

        // Each stream's results reach the receiver in the order the transcript file holds them, none lost and none twice.
        var delivered = receiver.AcceptedBodies.Select(b => JsonDocument.Parse(b).RootElement.Clone()).ToList();
        foreach (var stream in transcript.Select(r => r.GetProperty("stream_index").GetInt32()).Distinct())
        {
            Assert.Equal(TextsOf(transcript, stream), TextsOf(delivered, stream));
        }

        Assert.Equal(receiver.Attempts.Count(a => !a.Accepted), await ServerProbe.MetricAsync(server, "siprec_transcript_webhook_failed_attempts_total"));
        Assert.Equal(0, await ServerProbe.MetricAsync(server, "siprec_transcript_webhook_deliveries_total{outcome=\"abandoned\"}"));
        await ServerProbe.AssertAnswersSipAndHttpAsync(server);
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task AnS3OutageKeepsRecordingsOnDiskRetriesThemInBoundedRoundsAndUploadsThemWhenItIsBack()
    {
        await using var s3 = new FakeS3Server { Outage = true };
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["S3_BUCKET"] = "outage-bucket",
                ["S3_ENDPOINT"] = s3.Endpoint.ToString(),
                ["S3_REGION"] = "eu-west-1",
                ["S3_ACCESS_KEY"] = "AKIDTEST",
                ["S3_SECRET_KEY"] = "secret-test-key",
                ["S3_UPLOAD_MAX_ATTEMPTS"] = "3",
                ["S3_UPLOAD_RETRY_DELAY"] = "300ms",
                ["S3_UPLOAD_REQUEUE_INTERVAL"] = "2s",
            },
        });

        var audio = TimeSpan.FromSeconds(3);
        var calls = new List<RecordedCall>();
        for (var i = 0; i < 2; i++)
            calls.Add(await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, audio + TimeSpan.FromSeconds(1)), ports => Tones(ports, audio)));
        foreach (var call in calls)
            AssertRecordedWhole(call, audio);
        var callIds = calls.Select(CallIdOf).ToArray();

        var gaveUp = await ServerProbe.WaitForLogLineAsync(server, Bound, "Upload of " + callIds[0] + " given up after 3 attempts");
        Assert.Contains("unable to handle request", gaveUp, StringComparison.Ordinal);
        await ServerProbe.AssertAnswersSipAndHttpAsync(server);

        // Rounds go on at every requeue while the endpoint is down; a recording is never queued twice, so the backlog is at most two.
        var backlogs = new List<double>();
        var clock = Stopwatch.StartNew();
        while (await ServerProbe.MetricAsync(server, "siprec_s3_uploads_total{outcome=\"gave_up\"}") < 4)
        {
            Assert.True(clock.Elapsed < Bound, "no rounds given up again after a requeue\n" + server.LogTail());
            backlogs.Add(await ServerProbe.MetricAsync(server, "siprec_s3_upload_backlog_recordings"));
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.Contains(backlogs, b => b >= 1);
        Assert.All(backlogs, b => Assert.InRange(b, 0, 2));
        Assert.Empty(s3.Objects);
        Assert.All(calls, c => Assert.True(File.Exists(c.WavPath)));

        s3.Outage = false;
        await ServerProbe.WaitForMetricAsync(server, "siprec_s3_uploads_total{outcome=\"uploaded\"}", v => v == 2, Bound, "both recordings uploaded at the next requeue");
        await ServerProbe.WaitForMetricAsync(server, "siprec_s3_upload_backlog_recordings", v => v == 0, Bound, "the backlog drained");
        foreach (var call in calls)
        {
            var name = Path.GetFileName(call.WavPath);
            var stored = Assert.Single(s3.Objects, o => o.Key.EndsWith("/" + name, StringComparison.Ordinal)).Value;
            Assert.Equal(await File.ReadAllBytesAsync(call.WavPath), stored);
            Assert.Single(s3.Objects, o => o.Key.EndsWith("/" + Path.ChangeExtension(name, ".json"), StringComparison.Ordinal));
        }

        // Every attempt the server made was within a round of three, and the endpoint saw exactly those plus the uploads.
        var lines = ServerProbe.LogLines(server);
        foreach (var (call, callId) in calls.Zip(callIds))
        {
            var failed = lines.Select(l => FailedAttempt().Match(l)).Where(m => m.Success && m.Groups["id"].Value == callId).ToList();
            Assert.True(failed.Count >= 3, $"{callId}: {failed.Count} failed attempts logged");
            Assert.All(failed, m => Assert.InRange(int.Parse(m.Groups["attempt"].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 3));
            var stem = "/" + Path.GetFileNameWithoutExtension(call.WavPath) + ".";
            var requests = s3.Requests.Count(r => r.Method == "PUT" && r.Path.Contains(stem, StringComparison.Ordinal));
            var objects = s3.Objects.Keys.Count(k => k.Contains(stem, StringComparison.Ordinal));
            Assert.Equal(failed.Count + objects, requests);
        }

        Assert.Equal(lines.Count(l => FailedAttempt().IsMatch(l)), await ServerProbe.MetricAsync(server, "siprec_s3_upload_failed_attempts_total"));
        await ServerProbe.AssertAnswersSipAndHttpAsync(server);
    }

    public void Dispose() => _directory.Dispose();

    private static SippRun CallRun(ServerProcess server, TimeSpan callLength) =>
        new(SippRun.ScenarioPath(SippScenarios.Call), server.SipPort, server.SippPort)
        {
            CallDuration = callLength,
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };

    private static RtpSendPlan Tones(IReadOnlyList<IPEndPoint> ports, TimeSpan length) =>
        new([new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, length)), new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, length))]);

    /// <summary>
    /// The call's WAV holds (nearly) all the tone sent on each channel: nothing upstream held up the media path. Measured
    /// as sounding time rather than as the absence of gaps, since on a busy machine the sender's first packet may come
    /// well after the answer, which the wall-clock timeline keeps as leading silence.
    /// </summary>
    private static void AssertRecordedWhole(RecordedCall call, TimeSpan audio)
    {
        for (var channel = 0; channel < 2; channel++)
        {
            var samples = call.Channel(channel);
            var silent = WavAnalysis.SilentSpans(samples, Rate, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)).Sum(s => s.Duration.TotalSeconds);
            var sounding = ((double)samples.Length / Rate) - silent;
            Assert.True(sounding >= audio.TotalSeconds * 0.9, $"channel {channel}: {sounding:F2} s of tone recorded of {audio.TotalSeconds} s sent\n{File.ReadAllText(call.SidecarPath)}");
        }

        using var sidecar = JsonDocument.Parse(File.ReadAllText(call.SidecarPath));
        Assert.Equal(JsonValueKind.String, sidecar.RootElement.GetProperty("ended_at").ValueKind);
    }

    private static string CallIdOf(RecordedCall call)
    {
        using var sidecar = JsonDocument.Parse(File.ReadAllText(call.SidecarPath));
        return sidecar.RootElement.GetProperty("call_id").GetString()!;
    }

    private static async Task<List<JsonElement>> TranscriptAsync(RecordedCall call)
    {
        using var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(call.SidecarPath));
        var file = sidecar.RootElement.GetProperty("transcript_file").GetString()!;
        var lines = await File.ReadAllLinesAsync(Path.Combine(Path.GetDirectoryName(call.WavPath)!, file));
        return [.. lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private static Dictionary<string, string> TranscribingWith(FakeDeepgramServer deepgram) => new()
    {
        ["STT_PROVIDER"] = "deepgram",
        ["DEEPGRAM_API_KEY"] = FakeDeepgramServer.ApiKey,
        ["DEEPGRAM_URL"] = deepgram.ListenUri.ToString(),
    };

    private static List<string?> TextsOf(IEnumerable<JsonElement> results, int stream) =>
        [.. results.Where(r => r.GetProperty("stream_index").GetInt32() == stream).Select(r => r.GetProperty("text").GetString())];

    private static async Task PostAsync(ServerProcess server, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [GeneratedRegex(@"Upload of (?<id>\S+) failed \(attempt (?<attempt>\d+) of 3")]
    private static partial Regex FailedAttempt();
}
