using System.Text.Json;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class GlobalEndpointTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PauseAllPausesEveryStreamOfEverySession()
    {
        var sessions = new[] { _server.AddSession("session-123"), _server.AddSession("session-456") };
        var (status, json, _) = await _server.PostAsync("/api/sessions/pause-all", """{"pause_recording": true, "pause_transcription": true}""");
        Assert.Equal(200, status);
        Assert.Equal("All sessions paused", json.GetProperty("message").GetString());
        var statuses = json.GetProperty("statuses");
        foreach (var id in new[] { "session-123", "session-456" })
        {
            var s = statuses.GetProperty(id);
            Assert.Equal(id, s.GetProperty("session_id").GetString());
            Assert.True(s.GetProperty("is_paused").GetBoolean());
            Assert.True(s.GetProperty("recording_paused").GetBoolean());
            Assert.True(s.GetProperty("transcription_paused").GetBoolean());
            Assert.Equal("2023-12-01T10:30:00Z", s.GetProperty("paused_at").GetString());
        }

        Assert.All(sessions, s => Assert.False(s.Pause.Current.RecordingOpen || s.Pause.Current.TranscriptionOpen));
    }

    [Fact]
    public async Task ResumeAllResumesEverySession()
    {
        _server.AddSession("session-123");
        await _server.PostAsync("/api/sessions/pause-all");
        var (status, json, _) = await _server.PostAsync("/api/sessions/resume-all");
        Assert.Equal(200, status);
        Assert.Equal("All sessions resumed", json.GetProperty("message").GetString());
        var s = json.GetProperty("statuses").GetProperty("session-123");
        Assert.False(s.GetProperty("is_paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("paused_at").ValueKind);
    }

    [Fact]
    public async Task AllStatusesMap()
    {
        _server.AddSession("session-123");
        _server.AddSession("session-456");
        await _server.PostAsync("/api/sessions/session-123/pause", """{"pause_recording": true, "pause_transcription": false}""");
        _server.Clock.Advance(TimeSpan.FromSeconds(312));
        var (status, json, _) = await _server.GetAsync("/api/sessions/pause-status");
        Assert.Equal(200, status);
        Assert.Equal("5m12s", json.GetProperty("session-123").GetProperty("pause_duration").GetString());
        Assert.False(json.GetProperty("session-123").GetProperty("transcription_paused").GetBoolean());
        var other = json.GetProperty("session-456");
        Assert.False(other.GetProperty("is_paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, other.GetProperty("paused_at").ValueKind);
        Assert.Equal("0s", other.GetProperty("pause_duration").GetString());
    }

    [Fact]
    public async Task ConcurrentRequestsLeaveEachSessionConsistent()
    {
        var sessions = Enumerable.Range(0, 20).Select(i => _server.AddSession("c" + i)).ToArray();
        var requests = Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            _server.PostAsync($"/api/sessions/c{i}/pause", i % 2 == 0 ? """{"pause_recording": true, "pause_transcription": false}""" : null),
            _server.PostAsync($"/api/sessions/c{i}/pause", """{"pause_recording": false, "pause_transcription": true}"""),
            _server.PostAsync("/api/sessions/pause-all", """{"pause_recording": true, "pause_transcription": true}"""),
        });
        var answers = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.All(sessions, s => Assert.False(s.Pause.Current.RecordingOpen || s.Pause.Current.TranscriptionOpen));
        Assert.All(sessions, s => Assert.Equal(RunningServer.Start, s.Pause.Snapshot.PausedAt));
        await Task.WhenAll(sessions.Select(s => _server.PostAsync($"/api/sessions/{s.Id}/resume"))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(sessions, s => Assert.False(s.Pause.Snapshot.IsPaused));
    }

    [Fact]
    public async Task PauseAllWithNoSessionsAnswersEmptyMap()
    {
        var (status, json, _) = await _server.PostAsync("/api/sessions/pause-all");
        Assert.Equal(200, status);
        Assert.Empty(json.GetProperty("statuses").EnumerateObject());
    }

    [Fact]
    public async Task PauseAllAcceptsJsonSentAsFormContentType()
    {
        var session = _server.AddSession("s1");
        var (status, _, _) = await _server.SendAsync(
            HttpMethod.Post, "/api/sessions/pause-all", """{"pause_recording": false, "pause_transcription": true}""", contentType: "application/x-www-form-urlencoded");
        Assert.Equal(200, status);
        Assert.True(session.Pause.Current.RecordingOpen);
        Assert.False(session.Pause.Current.TranscriptionOpen);
    }

    [Fact]
    public async Task SessionsListShowsSessionDetails()
    {
        _server.AddSession("call-1@pbx", "rs-1");
        await _server.PostAsync("/api/sessions/call-1@pbx/pause");
        var (status, json, _) = await _server.GetAsync("/api/sessions");
        Assert.Equal(200, status);
        Assert.Equal(1, json.GetProperty("count").GetInt32());
        var s = json.GetProperty("sessions")[0];
        Assert.Equal("call-1@pbx", s.GetProperty("id").GetString());
        Assert.Equal("call-1@pbx", s.GetProperty("call_id").GetString());
        Assert.Equal("rs-1", s.GetProperty("session_id").GetString());
        Assert.Equal("2023-12-01T10:30:00Z", s.GetProperty("started_at").GetString());
        Assert.Equal("active", s.GetProperty("state").GetString());
        Assert.Equal("sip:alice@example.com", s.GetProperty("participants")[0].GetProperty("aor").GetString());
        Assert.Equal("1", s.GetProperty("participants")[0].GetProperty("stream_labels")[0].GetString());
        Assert.Equal(2, s.GetProperty("streams").GetArrayLength());
        Assert.True(s.GetProperty("pause_status").GetProperty("is_paused").GetBoolean());
    }
}
