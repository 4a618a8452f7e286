using System.Text.Json;
using Siprec.Server.Tests.Support;
using Siprec.Transcription;
using Siprec.Transcription.Output;

namespace Siprec.Server.Tests.Transcription;

public sealed class TranscriptStreamTests
{
    [Fact]
    public async Task SessionStreamCarriesOnlyThatSessionsResults()
    {
        await using var server = await RunningServer.StartAsync();
        server.AddSession("s1", "alias-1");
        server.AddSession("s2");
        var feed = server.Service<TranscriptLiveFeed>();
        using var response = await server.Client.GetAsync(new Uri("/api/sessions/alias-1/transcript/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await ReadLineAsync(reader));
        Assert.Equal(string.Empty, await ReadLineAsync(reader));

        await feed.WriteAsync(Result("s2", "not for you"), CancellationToken.None);
        await feed.WriteAsync(Result("s1", "hello there"), CancellationToken.None);

        Assert.Equal("event: transcript", await ReadLineAsync(reader));
        var data = await ReadLineAsync(reader);
        using var json = JsonDocument.Parse(data!["data: ".Length..]);
        Assert.Equal("s1", json.RootElement.GetProperty("session_id").GetString());
        Assert.Equal("hello there", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("sip:alice@example.com", json.RootElement.GetProperty("speaker_aor").GetString());
        Assert.True(json.RootElement.GetProperty("is_final").GetBoolean());
        Assert.Equal(1.5, json.RootElement.GetProperty("start").GetDouble());
    }

    [Fact]
    public async Task GlobalStreamCarriesEverySession()
    {
        await using var server = await RunningServer.StartAsync();
        var feed = server.Service<TranscriptLiveFeed>();
        using var response = await server.Client.GetAsync(new Uri("/api/transcripts/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(": connected", await ReadLineAsync(reader));
        Assert.Equal(string.Empty, await ReadLineAsync(reader));

        await feed.WriteAsync(Result("a", "one"), CancellationToken.None);
        await feed.WriteAsync(Result("b", "two"), CancellationToken.None);

        var sessions = new List<string>();
        for (var i = 0; i < 6 && sessions.Count < 2; i++)
        {
            var line = await ReadLineAsync(reader);
            if (line!.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var json = JsonDocument.Parse(line["data: ".Length..]);
                sessions.Add(json.RootElement.GetProperty("session_id").GetString()!);
            }
        }

        Assert.Equal(["a", "b"], sessions);
    }

    [Theory]
    [InlineData("/api/sessions/nope/transcript/stream", false, null, 404)]
    [InlineData("/api/sessions/bad%07id/transcript/stream", false, null, 400)]
    [InlineData("/api/transcripts/stream", true, null, 401)]
    [InlineData("/api/sessions/s1/transcript/stream", true, "wrong", 401)]
    public async Task StreamsAnswerErrorsLikeTheRestOfTheApi(string path, bool requireAuth, string? key, int status)
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = requireAuth;
            o.PauseResume.ApiKeys = ["k"];
        });
        server.AddSession("s1");

        Assert.Equal(status, (await server.GetAsync(path, key)).Status);
    }

    [Fact]
    public async Task SessionStatusSaysWhenASessionIsNotTranscribed()
    {
        await using var server = await RunningServer.StartAsync();
        server.AddSession("s1");

        var (status, body, _) = await server.GetAsync("/api/sessions/s1");

        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("transcription").ValueKind);
    }

    [Fact]
    public async Task TranscriptionMetricsAreExported()
    {
        await using var server = await RunningServer.StartAsync();
        var metrics = server.Service<TranscriptionMetrics>();
        metrics.RecordResult(isFinal: true);
        metrics.RecordResult(isFinal: false);
        metrics.RecordResult(isFinal: false);
        metrics.RecordLatency("deepgram", TimeSpan.FromMilliseconds(300));
        metrics.RecordAudioSent(TimeSpan.FromSeconds(2.5));
        metrics.RecordReconnect();
        metrics.RecordError("deepgram", new IOException("gone"));

        var text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Contains("siprec_transcription_results_total{final=\"true\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_transcription_results_total{final=\"false\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("siprec_transcription_latency_seconds_count{provider=\"deepgram\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_transcription_audio_seconds_total 2.5", text, StringComparison.Ordinal);
        Assert.Contains("siprec_transcription_reconnects_total 1", text, StringComparison.Ordinal);
        Assert.Contains("siprec_transcription_errors_total 1", text, StringComparison.Ordinal);
    }

    private static TranscriptResult Result(string sessionId, string text) =>
        new(sessionId, 0, "sip:alice@example.com", "Alice", true, text, 0.9, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.25), "test", RunningServer.Start);

    private static async Task<string?> ReadLineAsync(StreamReader reader) =>
        await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15));
}
