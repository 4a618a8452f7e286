using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Siprec.Server.Auth;
using Siprec.Server.Observability;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Observability;

public sealed class LogAndAuditTests
{
    [Fact]
    public async Task PauseWritesOneSpecShapedLogLine()
    {
        await using var server = await RunningServer.StartAsync();
        server.AddSession("session-123");
        await server.PostAsync("/api/sessions/session-123/pause", """{"pause_recording": true, "pause_transcription": false}""");
        var line = Assert.Single(server.Logs.Lines, l => l.Contains("\"Session paused via API\"", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        Assert.Equal("info", root.GetProperty("level").GetString());
        Assert.Equal("Session paused via API", root.GetProperty("message").GetString());
        Assert.Equal("pause_resume", root.GetProperty("component").GetString());
        Assert.Equal("session-123", root.GetProperty("session_id").GetString());
        Assert.True(root.GetProperty("pause_recording").GetBoolean());
        Assert.False(root.GetProperty("pause_transcription").GetBoolean());
        Assert.Equal("2023-12-01T10:30:00Z", root.GetProperty("timestamp").GetString());

        await server.PostAsync("/api/sessions/session-123/resume");
        Assert.Single(server.Logs.Lines, l => l.Contains("\"Session resumed via API\"", StringComparison.Ordinal));
    }

    [Fact]
    public void ConsoleFormatterWritesFlatJson()
    {
        var formatter = new JsonConsoleLogFormatter(new FakeTimeProvider(RunningServer.Start));
        var state = new List<KeyValuePair<string, object?>>
        {
            new("session_id", "s1"),
            new("pause_recording", true),
            new("{OriginalFormat}", "Session paused via API"),
        };
        var entry = new Microsoft.Extensions.Logging.Abstractions.LogEntry<List<KeyValuePair<string, object?>>>(
            LogLevel.Warning, "cat", new EventId(1), state, null, (_, _) => "Session paused via API");
        using var writer = new StringWriter();
        formatter.Write(in entry, null, writer);
        Assert.Equal(
            """{"level":"warn","message":"Session paused via API","timestamp":"2023-12-01T10:30:00Z","logger":"cat","session_id":"s1","pause_recording":true}""",
            writer.ToString().TrimEnd());
    }

    [Fact]
    public async Task AuditTrailRecordsWhoSourceAndReason()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["operator-key"];
        });
        server.AddSession("s1");
        await server.SendAsync(HttpMethod.Post, "/api/sessions/s1/pause", """{"reason": "card number"}""", "operator-key");
        await server.SendAsync(HttpMethod.Post, "/api/sessions/s1/resume", null, "operator-key");
        var path = Path.Combine(server.Options.Recording.Directory, "audit", "pause-audit.jsonl");
        string[] lines = [];
        for (var i = 0; i < 100 && lines.Length < 2; i++)
        {
            await Task.Delay(50);
            lines = File.Exists(path) ? await ReadSharedAsync(path) : [];
        }

        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("session.paused", first.RootElement.GetProperty("event").GetString());
        Assert.Equal(ApiKeyAuthenticator.KeyIdOf("operator-key"), first.RootElement.GetProperty("who").GetString());
        Assert.Equal("api", first.RootElement.GetProperty("source").GetString());
        Assert.Equal("card number", first.RootElement.GetProperty("reason").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("session.resumed", second.RootElement.GetProperty("event").GetString());
        Assert.DoesNotContain("operator-key", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditTrailRecordsPauseAllAndResumeAllAsOneLinePerSession()
    {
        await using var server = await RunningServer.StartAsync();
        string[] ids = ["s1", "s2", "s3"];
        foreach (var id in ids)
        {
            server.AddSession(id);
        }

        Assert.Equal(200, (await server.PostAsync("/api/sessions/pause-all", """{"reason": "maintenance"}""")).Status);
        Assert.Equal(200, (await server.PostAsync("/api/sessions/resume-all")).Status);
        var path = Path.Combine(server.Options.Recording.Directory, "audit", "pause-audit.jsonl");
        string[] lines = [];
        for (var i = 0; i < 100 && lines.Length < 6; i++)
        {
            await Task.Delay(50);
            lines = File.Exists(path) ? await ReadSharedAsync(path) : [];
        }

        Assert.Equal(6, lines.Length);
        var entries = lines.Select(line => JsonSerializer.Deserialize<JsonElement>(line)).ToArray();
        Assert.Equal(ids, entries[..3].Select(e => e.GetProperty("session_id").GetString()).Order());
        Assert.All(entries[..3], e => Assert.Equal("session.paused", e.GetProperty("event").GetString()));
        Assert.All(entries[..3], e => Assert.Equal("maintenance", e.GetProperty("reason").GetString()));
        Assert.All(entries[..3], e => Assert.True(e.GetProperty("recording_paused").GetBoolean()));
        Assert.Equal(ids, entries[3..].Select(e => e.GetProperty("session_id").GetString()).Order());
        Assert.All(entries[3..], e => Assert.Equal("session.resumed", e.GetProperty("event").GetString()));
        Assert.All(entries, e => Assert.Equal("2023-12-01T10:30:00Z", e.GetProperty("timestamp").GetString()));
        Assert.Equal(6, entries.Select(e => e.GetProperty("event_id").GetString()).Distinct().Count());
    }

    private static async Task<string[]> ReadSharedAsync(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
