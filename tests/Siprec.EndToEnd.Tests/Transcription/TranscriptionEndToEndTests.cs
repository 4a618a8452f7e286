using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;
using Siprec.Testing;

namespace Siprec.EndToEnd.Tests.Transcription;

/// <summary>Live transcription of the built server: a SIPp call with two speech streams, transcribed by a fake Deepgram or by local PocketSphinx.</summary>
public sealed class TranscriptionEndToEndTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan FileWait = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new("transcription");
    private readonly AudioFixtures _audio = new();

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task DeepgramFinalsReachTheFileAndTheLiveStreamAndAPauseKeepsItsWindowFromTheProvider()
    {
        await using var deepgram = await FakeDeepgramServer.StartAsync();
        var options = new ServerProcessOptions
        {
            Environment = new Dictionary<string, string>
            {
                ["STT_PROVIDER"] = "deepgram",
                ["DEEPGRAM_API_KEY"] = FakeDeepgramServer.ApiKey,
                ["DEEPGRAM_URL"] = deepgram.ListenUri.ToString(),
                ["RTP_TIMEOUT"] = "30s",
            },
        };
        await using var server = await ServerProcess.StartAsync(_directory, options);
        await using var live = await TranscriptEventReader.OpenAsync(server.Http.BaseAddress!, "api/transcripts/stream");
        var audioLength = TimeSpan.FromSeconds(15);
        var first = Repeat(_audio.Speech(SpeechSample.First), audioLength);
        var second = Repeat(_audio.Speech(SpeechSample.Second), audioLength);
        long pausedAt = 0, resumedAt = 0;
        string? statusWhilePaused = null;
        Task? control = null;

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, audioLength + TimeSpan.FromSeconds(1)), ports =>
        {
            var answered = Stopwatch.GetTimestamp();
            control = Task.Run(async () =>
            {
                var id = await SessionIdAsync(server);
                await Task.Delay(TimeSpan.FromSeconds(5) - Stopwatch.GetElapsedTime(answered));
                await PostAsync(server, $"api/sessions/{Uri.EscapeDataString(id)}/pause", """{"pause_recording": false, "pause_transcription": true}""");
                pausedAt = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                statusWhilePaused = await server.Http.GetStringAsync(new Uri($"api/sessions/{Uri.EscapeDataString(id)}", UriKind.Relative));
                await Task.Delay(TimeSpan.FromSeconds(10) - Stopwatch.GetElapsedTime(answered));
                await PostAsync(server, $"api/sessions/{Uri.EscapeDataString(id)}/resume", """{"resume_recording": true, "resume_transcription": true}""");
                resumedAt = Stopwatch.GetTimestamp();
            });
            return new RtpSendPlan([new RtpStreamPlan(ports[0], first), new RtpStreamPlan(ports[1], second)]);
        });
        await control!.WaitAsync(Bound);
        var transcript = await FinalTranscriptAsync(call);

        Assert.Empty(deepgram.Errors);
        using (var status = JsonDocument.Parse(statusWhilePaused!))
        {
            var transcription = status.RootElement.GetProperty("transcription");
            Assert.Equal("deepgram", transcription.GetProperty("provider").GetString());
            Assert.True(transcription.GetProperty("paused").GetBoolean());
            Assert.All(transcription.GetProperty("streams").EnumerateArray(), s =>
            {
                Assert.Equal("paused", s.GetProperty("state").GetString());
                Assert.Equal(0, s.GetProperty("errors").GetInt64());
            });
        }

        var streams = deepgram.Connections;
        Assert.Equal(2, streams.Count);
        var pausedFor = Stopwatch.GetElapsedTime(pausedAt, resumedAt);
        Assert.InRange(pausedFor, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(5.5));
        foreach (var stream in streams)
        {
            Assert.Equal(0, stream.BytesBetween(pausedAt + Stopwatch.Frequency / 2, resumedAt - (Stopwatch.Frequency / 5)));
            var expected = audioLength - pausedFor;
            Assert.InRange(stream.AudioDuration, expected - TimeSpan.FromSeconds(0.6), expected + TimeSpan.FromSeconds(0.3));
            Assert.True(stream.KeepAlives >= 1, "no KeepAlive while paused");
        }

        // The recording keeps the transcription-paused window: every sent second is in the file and no channel has a long hole.
        var callDuration = call.Between("ANSWERED_AT", "ENDED_AT");
        Assert.InRange(call.Recording.Duration, audioLength - TimeSpan.FromMilliseconds(100), callDuration + TimeSpan.FromMilliseconds(200));
        for (var channel = 0; channel < 2; channel++)
            Assert.Empty(WavAnalysis.SilentSpans(call.Channel(channel)[..(int)(audioLength.TotalSeconds * Rate * 0.98)], Rate, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1.5)));

        Assert.NotEmpty(transcript);
        Assert.All(transcript, line => Assert.True(line.GetProperty("is_final").GetBoolean()));
        Assert.All(transcript, line => Assert.Equal(
            line.GetProperty("stream_index").GetInt32() == 0 ? "sip:alice@example.com" : "sip:bob@example.com",
            line.GetProperty("speaker_aor").GetString()));
        Assert.Equal([0, 1], transcript.Select(l => l.GetProperty("stream_index").GetInt32()).Distinct().Order());

        var liveFinals = live.Results.Where(r => r.GetProperty("is_final").GetBoolean()).ToList();
        Assert.Equal(transcript.Count, liveFinals.Count);
        Assert.Contains(liveFinals, r => r.GetProperty("speaker_aor").GetString() == "sip:alice@example.com" && r.GetProperty("stream_index").GetInt32() == 0);
        Assert.Contains(liveFinals, r => r.GetProperty("speaker_aor").GetString() == "sip:bob@example.com" && r.GetProperty("stream_index").GetInt32() == 1);
        Assert.Contains(live.Results, r => !r.GetProperty("is_final").GetBoolean());
    }

    [PocketSphinxFact]
    [Trait("Requires", "Integration")]
    public async Task PocketSphinxTranscribesACallWithoutAnyNetwork()
    {
        var options = new ServerProcessOptions { Environment = new Dictionary<string, string> { ["STT_PROVIDER"] = "pocketsphinx", ["RTP_TIMEOUT"] = "30s" } };
        await using var server = await ServerProcess.StartAsync(_directory, options);
        var first = _audio.Speech(SpeechSample.First);
        var second = _audio.Speech(SpeechSample.Second);
        var callLength = TimeSpan.FromSeconds((double)Math.Max(first.Length, second.Length) / Rate) + TimeSpan.FromSeconds(1.5);

        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, callLength), ports =>
            new RtpSendPlan([new RtpStreamPlan(ports[0], first), new RtpStreamPlan(ports[1], second)]));
        var transcript = await FinalTranscriptAsync(call);

        Assert.NotEmpty(transcript);
        Assert.Contains(transcript, l => l.GetProperty("text").GetString()!.Trim().Length > 0);
        Assert.All(transcript, l => Assert.Equal("pocketsphinx", l.GetProperty("provider").GetString()));
        var callSeconds = call.Between("ANSWERED_AT", "ENDED_AT").TotalSeconds;
        foreach (var line in transcript)
        {
            var start = line.GetProperty("start").GetDouble();
            var end = line.GetProperty("end").GetDouble();
            Assert.InRange(start, 0, end);
            Assert.InRange(end, start, callSeconds + 0.5);
        }

        Assert.Equal([0, 1], transcript.Select(l => l.GetProperty("stream_index").GetInt32()).Distinct().Order());
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task AzureSpeechTranscribesEachParticipantThroughTheBuiltServer()
    {
        await using var azure = await FakeAzureSpeechServer.StartAsync();
        var transcript = await TranscribeShortCallAsync(new Dictionary<string, string>
        {
            ["STT_PROVIDER"] = "azure",
            ["AZURE_SPEECH_KEY"] = FakeAzureSpeechServer.Key,
            ["AZURE_SPEECH_ENDPOINT"] = azure.Endpoint.ToString(),
            ["STT_LANGUAGE"] = "en-GB",
        });

        Assert.Empty(azure.Errors);
        Assert.Equal(2, azure.Connections.Count);
        Assert.All(azure.Connections, c => Assert.Equal("en-GB", c.Language));
        AssertTranscribedPerParticipant(transcript, "azure");
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task AmazonTranscribeTranscribesEachParticipantThroughTheBuiltServer()
    {
        await using var aws = await FakeAwsTranscribeServer.StartAsync();
        var transcript = await TranscribeShortCallAsync(new Dictionary<string, string>
        {
            ["STT_PROVIDER"] = "aws",
            ["AWS_REGION"] = FakeAwsTranscribeServer.Region,
            ["AWS_TRANSCRIBE_ENDPOINT"] = aws.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = FakeAwsTranscribeServer.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = FakeAwsTranscribeServer.SecretAccessKey,
        });

        Assert.Empty(aws.Errors);
        Assert.Empty(aws.Refused);
        Assert.Equal(2, aws.Connections.Count);
        Assert.All(aws.Connections, c => Assert.True(c.Ended, "the stream was not ended with an empty AudioEvent"));
        AssertTranscribedPerParticipant(transcript, "aws");
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>A four-second call with speech on both streams through a cloud provider's fake; returns the transcript file's lines.</summary>
    private async Task<List<JsonElement>> TranscribeShortCallAsync(Dictionary<string, string> environment)
    {
        environment["RTP_TIMEOUT"] = "30s";
        await using var server = await ServerProcess.StartAsync(_directory, new ServerProcessOptions { Environment = environment });
        var audioLength = TimeSpan.FromSeconds(4);
        var first = Repeat(_audio.Speech(SpeechSample.First), audioLength);
        var second = Repeat(_audio.Speech(SpeechSample.Second), audioLength);
        var call = await RecordedCall.RunAsync(server, new SippRunner(_directory), CallRun(server, audioLength + TimeSpan.FromSeconds(1)), ports =>
            new RtpSendPlan([new RtpStreamPlan(ports[0], first), new RtpStreamPlan(ports[1], second)]));
        return await FinalTranscriptAsync(call);
    }

    private static void AssertTranscribedPerParticipant(List<JsonElement> transcript, string provider)
    {
        Assert.NotEmpty(transcript);
        Assert.All(transcript, line =>
        {
            Assert.True(line.GetProperty("is_final").GetBoolean());
            Assert.Equal(provider, line.GetProperty("provider").GetString());
            Assert.Equal(line.GetProperty("stream_index").GetInt32() == 0 ? "sip:alice@example.com" : "sip:bob@example.com", line.GetProperty("speaker_aor").GetString());
            Assert.InRange(line.GetProperty("start").GetDouble(), 0, line.GetProperty("end").GetDouble());
        });
        Assert.Equal([0, 1], transcript.Select(l => l.GetProperty("stream_index").GetInt32()).Distinct().Order());
        Assert.Contains(transcript, l => l.GetProperty("text").GetString()!.StartsWith("hello ", StringComparison.Ordinal));
    }

    private static SippRun CallRun(ServerProcess server, TimeSpan callLength) =>
        new(SippRun.ScenarioPath(SippScenarios.Call), server.SipPort, server.SippPort)
        {
            CallDuration = callLength,
            Timeout = Bound,
            MediaPort = server.SippMediaPort,
        };

    /// <summary>Speech repeated with 300 ms gaps up to <paramref name="length"/>.</summary>
    private static short[] Repeat(short[] speech, TimeSpan length)
    {
        var total = (int)(length.TotalSeconds * Rate);
        var samples = new short[total];
        var gap = Rate * 3 / 10;
        for (var at = 0; at < total; at += speech.Length + gap)
            speech.AsSpan(0, Math.Min(speech.Length, total - at)).CopyTo(samples.AsSpan(at));
        return samples;
    }

    private static async Task<string> SessionIdAsync(ServerProcess server)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var sessions = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("api/sessions", UriKind.Relative)));
            if (sessions.RootElement.GetProperty("sessions").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } session)
                return session.GetProperty("id").GetString()!;
            await Task.Delay(100);
        }

        throw new TimeoutException("the call never appeared in GET /api/sessions");
    }

    private static async Task PostAsync(ServerProcess server, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await server.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The transcript lines once the final sidecar names the transcript file (bounded wait).</summary>
    private static async Task<List<JsonElement>> FinalTranscriptAsync(RecordedCall call)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < FileWait)
        {
            using (var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(call.SidecarPath)))
            {
                var root = sidecar.RootElement;
                if (root.TryGetProperty("end_reason", out var reason) && reason.ValueKind == JsonValueKind.String
                    && root.TryGetProperty("transcript_file", out var file) && file.ValueKind == JsonValueKind.String)
                {
                    var path = Path.Combine(Path.GetDirectoryName(call.WavPath)!, file.GetString()!);
                    Assert.Equal(Path.ChangeExtension(call.WavPath, null) + ".transcript.jsonl", path);
                    return (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the sidecar {call.SidecarPath} never named a transcript file");
    }
}
