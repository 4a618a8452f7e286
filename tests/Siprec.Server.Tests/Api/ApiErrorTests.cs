using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class ApiErrorTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("POST", "/api/sessions/missing/pause", "session not found: missing")]
    [InlineData("POST", "/api/sessions/missing/resume", "session not found: missing")]
    [InlineData("GET", "/api/sessions/missing/pause-status", "session not found: missing")]
    [InlineData("GET", "/api/sessions/missing", "session not found: missing")]
    [InlineData("GET", "/api/unknown", "not found: /api/unknown")]
    [InlineData("GET", "/api/sessions/a/b/c/d", "not found: /api/sessions/a/b/c/d")]
    [InlineData("GET", "/api", "not found: /api")]
    public async Task NotFoundIsJson(string method, string path, string message)
    {
        var (status, json, _) = await _server.SendAsync(new HttpMethod(method), path);
        Assert.Equal(404, status);
        Assert.Equal(message, json.GetProperty("error").GetString());
        Assert.Equal(404, json.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("GET", "/api/sessions/s1/pause", "POST")]
    [InlineData("PUT", "/api/sessions/s1/resume", "POST")]
    [InlineData("POST", "/api/sessions/s1/pause-status", "GET")]
    [InlineData("DELETE", "/api/sessions/pause-all", "POST")]
    [InlineData("GET", "/api/sessions/resume-all", "POST")]
    [InlineData("POST", "/api/sessions/pause-status", "GET")]
    [InlineData("POST", "/api/sessions", "GET")]
    [InlineData("DELETE", "/api/sessions/s1", "GET")]
    public async Task WrongMethodIs405WithAllow(string method, string path, string allow)
    {
        var (status, json, response) = await _server.SendAsync(new HttpMethod(method), path);
        Assert.Equal(405, status);
        Assert.Equal(405, json.GetProperty("code").GetInt32());
        Assert.Equal([allow], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("{", "malformed request body: invalid JSON")]
    [InlineData("[true]", "malformed request body: expected a JSON object")]
    [InlineData("not json", "malformed request body: invalid JSON")]
    [InlineData("""{"pause_recording": "yes"}""", "invalid field 'pause_recording': must be true or false")]
    [InlineData("""{"pause_transcription": 1}""", "invalid field 'pause_transcription': must be true or false")]
    [InlineData("""{"pause_behavior": "mute"}""", "invalid field 'pause_behavior': must be \"skip\" or \"silence\"")]
    [InlineData("""{"reason": 5}""", "invalid field 'reason': must be a string")]
    [InlineData("""{"pause_recording": false, "pause_transcription": false}""", "nothing to pause: pause_recording and pause_transcription are both false")]
    public async Task MalformedPauseBodyIs400(string body, string message)
    {
        var session = _server.AddSession("s1");
        var (status, json, _) = await _server.PostAsync("/api/sessions/s1/pause", body);
        Assert.Equal(400, status);
        Assert.Equal(message, json.GetProperty("error").GetString());
        Assert.Equal(400, json.GetProperty("code").GetInt32());
        Assert.False(session.Pause.Snapshot.IsPaused);
    }

    [Fact]
    public async Task MalformedPauseAllBodyIs400()
    {
        var (status, json, _) = await _server.PostAsync("/api/sessions/pause-all", "{oops");
        Assert.Equal(400, status);
        Assert.Equal("malformed request body: invalid JSON", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task OversizedBodyIs400()
    {
        _server.AddSession("s1");
        var body = "{\"reason\": \"" + new string('x', 70_000) + "\"}";
        var (status, json, _) = await _server.PostAsync("/api/sessions/s1/pause", body);
        Assert.Equal(400, status);
        Assert.StartsWith("request body too large", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/sessions/a%01b/pause-status", "invalid session id: contains a control character")]
    [InlineData("/api/sessions/a%7Fb/pause-status", "invalid session id: contains a control character")]
    [InlineData("/api/sessions/a%0Ab/pause-status", "invalid session id: contains a control character")]
    [InlineData("/api/sessions/%C3%28/pause-status", "invalid request path: bad percent-encoding")]
    public async Task BadIdIs400(string path, string message)
    {
        var (status, json, _) = await _server.GetAsync(path);
        Assert.Equal(400, status);
        Assert.Equal(message, json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task OverlongIdIs400()
    {
        var (status, json, _) = await _server.GetAsync("/api/sessions/" + new string('a', 257) + "/pause-status");
        Assert.Equal(400, status);
        Assert.Equal("invalid session id: longer than 256 characters", json.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("abc/def@host", "/api/sessions/abc%2Fdef%40host")]
    [InlineData("a+b@10.0.0.1", "/api/sessions/a+b@10.0.0.1")]
    [InlineData("a+b@10.0.0.1", "/api/sessions/a%2Bb%4010.0.0.1")]
    [InlineData("x y", "/api/sessions/x%20y")]
    [InlineData("a%2Fb", "/api/sessions/a%252Fb")]
    public async Task EncodedIdsReachTheSession(string callId, string basePath)
    {
        _server.AddSession(callId);
        var (status, json, _) = await _server.PostAsync(basePath + "/pause");
        Assert.Equal(200, status);
        Assert.Equal(callId, json.GetProperty("session_id").GetString());
        var (getStatus, session, _) = await _server.GetAsync(basePath);
        Assert.Equal(200, getStatus);
        Assert.Equal(callId, session.GetProperty("call_id").GetString());
    }

    [Fact]
    public async Task RecordingSessionIdAliasWorks()
    {
        _server.AddSession("call-1@host", "dXNlcm5hbWU6cGFzc3dvcmQ=");
        var (status, json, _) = await _server.PostAsync("/api/sessions/dXNlcm5hbWU6cGFzc3dvcmQ%3D/pause");
        Assert.Equal(200, status);
        Assert.Equal("call-1@host", json.GetProperty("session_id").GetString());
        Assert.Equal("dXNlcm5hbWU6cGFzc3dvcmQ=", json.GetProperty("recording_session_id").GetString());
    }

    [Fact]
    public async Task ExceptionsBecome500WithoutInternals()
    {
        _server.AddSession("boom");
        _server.Registry.TryGet("boom", out var session);
        session!.Participants = [new Siprec.Recording.Sessions.Participant("sip:x@y", null, null!)];
        var (status, json, _) = await _server.GetAsync("/api/sessions/boom");
        Assert.Equal(500, status);
        Assert.Equal("internal server error", json.GetProperty("error").GetString());
        Assert.Equal(500, json.GetProperty("code").GetInt32());
    }
}
