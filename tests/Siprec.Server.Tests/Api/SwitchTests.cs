using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class SwitchTests
{
    [Theory]
    [InlineData("POST", "/api/sessions/s1/pause")]
    [InlineData("POST", "/api/sessions/s1/resume")]
    [InlineData("GET", "/api/sessions/s1/pause-status")]
    [InlineData("POST", "/api/sessions/pause-all")]
    [InlineData("POST", "/api/sessions/resume-all")]
    [InlineData("GET", "/api/sessions/pause-status")]
    public async Task DisabledApiAnswers404Json(string method, string path)
    {
        await using var server = await RunningServer.StartAsync(o => o.PauseResume.Enabled = false);
        var session = server.AddSession("s1");
        var (status, json, _) = await server.SendAsync(new HttpMethod(method), path);
        Assert.Equal(404, status);
        Assert.Equal("pause/resume API is disabled", json.GetProperty("error").GetString());
        Assert.Equal(404, json.GetProperty("code").GetInt32());
        Assert.False(session.Pause.Snapshot.IsPaused);
        Assert.Equal(200, (await server.GetAsync("/api/sessions")).Status);
    }

    [Fact]
    public async Task PerSessionOffAnswers403AndGlobalStillWorks()
    {
        await using var server = await RunningServer.StartAsync(o => o.PauseResume.PerSession = false);
        var session = server.AddSession("s1");
        foreach (var (method, path) in new[] { ("POST", "/api/sessions/s1/pause"), ("POST", "/api/sessions/s1/resume"), ("GET", "/api/sessions/s1/pause-status") })
        {
            var (status, json, _) = await server.SendAsync(new HttpMethod(method), path);
            Assert.Equal(403, status);
            Assert.Equal("per-session pause/resume control is disabled", json.GetProperty("error").GetString());
            Assert.Equal(403, json.GetProperty("code").GetInt32());
        }

        Assert.False(session.Pause.Snapshot.IsPaused);
        Assert.Equal(200, (await server.PostAsync("/api/sessions/pause-all")).Status);
        Assert.True(session.Pause.Snapshot.IsPaused);
        Assert.Equal(200, (await server.GetAsync("/api/sessions/pause-status")).Status);
        Assert.Equal(200, (await server.PostAsync("/api/sessions/resume-all")).Status);
    }

    [Theory]
    [InlineData(false, true, true, false)]
    [InlineData(true, false, false, true)]
    public async Task ConfiguredDefaultsApplyToEmptyBody(bool pauseRecording, bool pauseTranscription, bool recordingOpen, bool transcriptionOpen)
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.PauseRecording = pauseRecording;
            o.PauseResume.PauseTranscription = pauseTranscription;
        });
        var session = server.AddSession("s1");
        Assert.Equal(200, (await server.PostAsync("/api/sessions/s1/pause")).Status);
        Assert.Equal(recordingOpen, session.Pause.Current.RecordingOpen);
        Assert.Equal(transcriptionOpen, session.Pause.Current.TranscriptionOpen);
    }

    [Fact]
    public async Task SilenceBehaviorFromConfiguration()
    {
        await using var server = await RunningServer.StartAsync(o => o.PauseResume.Behavior = Siprec.Media.Pipeline.PausedAudioBehavior.Silence);
        var session = server.AddSession("s1");
        var (_, json, _) = await server.PostAsync("/api/sessions/s1/pause");
        Assert.Equal("silence", json.GetProperty("pause_behavior").GetString());
        Assert.Equal(Siprec.Media.Pipeline.PausedAudioBehavior.Silence, session.Pause.Current.PausedRecording);
    }
}
