using System.Text.Json;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class PauseEndpointTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("""{"pause_recording": true, "pause_transcription": false}""", true, false)]
    [InlineData("""{"pause_recording": false, "pause_transcription": true}""", false, true)]
    [InlineData("""{"pause_recording": true, "pause_transcription": true}""", true, true)]
    [InlineData("", true, true)]
    [InlineData("{}", true, true)]
    [InlineData("""{"pause_transcription": false}""", true, false)]
    [InlineData("{\n  \"pause_recording\": true,     // Optional, defaults to config\n  \"pause_transcription\": false // Optional, defaults to config\n}", true, false)]
    public async Task PauseAnswersTheSpecStatus(string body, bool recording, bool transcription)
    {
        var session = _server.AddSession("session-123");
        var (status, json, _) = await _server.PostAsync("/api/sessions/session-123/pause", body);
        Assert.Equal(200, status);
        Assert.Equal("session-123", json.GetProperty("session_id").GetString());
        Assert.True(json.GetProperty("is_paused").GetBoolean());
        Assert.Equal(recording, json.GetProperty("recording_paused").GetBoolean());
        Assert.Equal(transcription, json.GetProperty("transcription_paused").GetBoolean());
        Assert.Equal("2023-12-01T10:30:00Z", json.GetProperty("paused_at").GetString());
        Assert.Equal("0s", json.GetProperty("pause_duration").GetString());
        Assert.Equal("api", json.GetProperty("pause_source").GetString());
        Assert.Equal("skip", json.GetProperty("pause_behavior").GetString());
        Assert.Equal(!recording, session.Pause.Current.RecordingOpen);
        Assert.Equal(!transcription, session.Pause.Current.TranscriptionOpen);
    }

    [Theory]
    [InlineData(150, "2m30s")]
    [InlineData(3605, "1h0m5s")]
    [InlineData(312, "5m12s")]
    [InlineData(59, "59s")]
    public async Task StatusReportsGoStyleDuration(int seconds, string expected)
    {
        _server.AddSession("session-123");
        await _server.PostAsync("/api/sessions/session-123/pause", """{"pause_recording": true, "pause_transcription": false}""");
        _server.Clock.Advance(TimeSpan.FromSeconds(seconds) + TimeSpan.FromMilliseconds(400));
        var (status, json, _) = await _server.GetAsync("/api/sessions/session-123/pause-status");
        Assert.Equal(200, status);
        Assert.Equal(expected, json.GetProperty("pause_duration").GetString());
        Assert.Equal("2023-12-01T10:30:00Z", json.GetProperty("paused_at").GetString());
    }

    [Fact]
    public async Task ResumeAnswersNullPausedAtAndZeroDuration()
    {
        var session = _server.AddSession("session-123");
        await _server.PostAsync("/api/sessions/session-123/pause");
        _server.Clock.Advance(TimeSpan.FromSeconds(10));
        var (status, json, _) = await _server.PostAsync("/api/sessions/session-123/resume");
        Assert.Equal(200, status);
        Assert.False(json.GetProperty("is_paused").GetBoolean());
        Assert.False(json.GetProperty("recording_paused").GetBoolean());
        Assert.False(json.GetProperty("transcription_paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("paused_at").ValueKind);
        Assert.Equal("0s", json.GetProperty("pause_duration").GetString());
        Assert.True(session.Pause.Current.RecordingOpen);
    }

    [Fact]
    public async Task ResumeOfRunningSessionIsNoOp()
    {
        _server.AddSession("s1");
        var (status, json, _) = await _server.PostAsync("/api/sessions/s1/resume");
        Assert.Equal(200, status);
        Assert.False(json.GetProperty("is_paused").GetBoolean());
    }

    [Fact]
    public async Task RepeatedPauseKeepsPausedAtAndCombinesFlags()
    {
        _server.AddSession("s1");
        await _server.PostAsync("/api/sessions/s1/pause", """{"pause_recording": true, "pause_transcription": false}""");
        _server.Clock.Advance(TimeSpan.FromSeconds(30));
        var (status, json, _) = await _server.PostAsync("/api/sessions/s1/pause", """{"pause_recording": false, "pause_transcription": true}""");
        Assert.Equal(200, status);
        Assert.True(json.GetProperty("recording_paused").GetBoolean());
        Assert.True(json.GetProperty("transcription_paused").GetBoolean());
        Assert.Equal("2023-12-01T10:30:00Z", json.GetProperty("paused_at").GetString());
        Assert.Equal("30s", json.GetProperty("pause_duration").GetString());
    }

    [Fact]
    public async Task PartialResumeKeepsTheOtherPause()
    {
        var session = _server.AddSession("s1");
        await _server.PostAsync("/api/sessions/s1/pause");
        var (status, json, _) = await _server.PostAsync("/api/sessions/s1/resume", """{"resume_transcription": true, "resume_recording": false}""");
        Assert.Equal(200, status);
        Assert.True(json.GetProperty("is_paused").GetBoolean());
        Assert.True(json.GetProperty("recording_paused").GetBoolean());
        Assert.False(json.GetProperty("transcription_paused").GetBoolean());
        Assert.False(session.Pause.Current.RecordingOpen);
        Assert.True(session.Pause.Current.TranscriptionOpen);
    }

    [Fact]
    public async Task ExtrasReasonBehaviorAndIdempotencyKey()
    {
        var session = _server.AddSession("s1");
        var (_, json, _) = await _server.PostAsync(
            "/api/sessions/s1/pause", """{"reason": "card number", "pause_behavior": "silence", "idempotency_key": "op-1"}""");
        Assert.Equal("card number", json.GetProperty("reason").GetString());
        Assert.Equal("silence", json.GetProperty("pause_behavior").GetString());
        Assert.Equal(Siprec.Media.Pipeline.PausedAudioBehavior.Silence, session.Pause.Current.PausedRecording);
        await _server.PostAsync("/api/sessions/s1/resume");
        var (status, replay, _) = await _server.PostAsync("/api/sessions/s1/pause", """{"idempotency_key": "op-1"}""");
        Assert.Equal(200, status);
        Assert.False(replay.GetProperty("is_paused").GetBoolean());
    }

    [Fact]
    public async Task SrcPauseShowsAsSourceAndSurvivesApiResume()
    {
        var session = _server.AddSession("s1");
        var service = _server.Service<Siprec.Recording.Control.PauseResumeService>();
        service.SetSourcePaused("s1", true);
        var (_, status, _) = await _server.GetAsync("/api/sessions/s1/pause-status");
        Assert.Equal("src", status.GetProperty("pause_source").GetString());
        Assert.True(status.GetProperty("src_paused").GetBoolean());
        Assert.True(status.GetProperty("recording_paused").GetBoolean());
        var (_, resumed, _) = await _server.PostAsync("/api/sessions/s1/resume");
        Assert.True(resumed.GetProperty("is_paused").GetBoolean());
        Assert.False(session.Pause.Current.RecordingOpen);
        service.SetSourcePaused("s1", false);
        Assert.True(session.Pause.Current.RecordingOpen);
    }

    [Fact]
    public async Task AutoResumeWithManualClock()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.MaxPauseDuration = TimeSpan.FromHours(1);
            o.PauseResume.AutoResume = true;
        });
        server.AddSession("s1");
        var (_, json, _) = await server.PostAsync("/api/sessions/s1/pause");
        Assert.Equal("2023-12-01T11:30:00Z", json.GetProperty("auto_resume_at").GetString());
        server.Clock.Advance(TimeSpan.FromHours(1));
        var (_, after, _) = await server.GetAsync("/api/sessions/s1/pause-status");
        Assert.False(after.GetProperty("is_paused").GetBoolean());
    }

    [Fact]
    public async Task LimitExceededWithoutAutoResumeStaysPausedAndWarnsOnce()
    {
        await using var server = await RunningServer.StartAsync(o => o.PauseResume.MaxPauseDuration = TimeSpan.FromMinutes(30));
        server.AddSession("s1");
        await server.PostAsync("/api/sessions/s1/pause");
        server.Clock.Advance(TimeSpan.FromMinutes(31));
        server.Clock.Advance(TimeSpan.FromMinutes(31));
        var (_, after, _) = await server.GetAsync("/api/sessions/s1/pause-status");
        Assert.True(after.GetProperty("is_paused").GetBoolean());
        Assert.Equal("1h2m0s", after.GetProperty("pause_duration").GetString());
        Assert.Single(server.Logs.Lines, l => l.Contains("Session pause exceeded maximum duration", StringComparison.Ordinal));
        var metrics = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("siprec_pause_limit_exceeded_total 1", metrics, StringComparison.Ordinal);
    }
}
