using System.Text.Json;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.SpecExamples;

/// <summary>The spec's own examples, run as printed against the real server (only host and port substituted).</summary>
public sealed class SpecExampleTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(o =>
    {
        o.PauseResume.RequireAuth = true;
        o.PauseResume.ApiKeys = ["your-api-key"];
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Base => _server.BaseAddress.ToString().TrimEnd('/');

    [Fact]
    public async Task PythonClientFromTheSpecRunsUnchanged()
    {
        var session = _server.AddSession("call-123");
        var (exit, stdout, stderr) = await ExternalCommand.RunAsync(
            "python3", ["spec_client_usage.py"], new Dictionary<string, string> { ["SIPREC_BASE_URL"] = Base + "/" }, Path.Combine(AppContext.BaseDirectory, "SpecExamples"));
        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Session paused: {'session_id': 'call-123', 'is_paused': True, 'recording_paused': True, 'transcription_paused': False, 'paused_at': '2023-12-01T10:30:00Z', 'pause_duration': '0s'", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Current status: {'session_id': 'call-123', 'is_paused': True, 'recording_paused': True", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Session resumed: {'session_id': 'call-123', 'is_paused': False, 'recording_paused': False, 'transcription_paused': False, 'paused_at': None, 'pause_duration': '0s'", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("All paused: {'message': 'All sessions paused'", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("All resumed: {'message': 'All sessions resumed'", lines[4], StringComparison.Ordinal);
        Assert.False(session.Pause.Snapshot.IsPaused);
    }

    public static TheoryData<string, bool, bool> CurlSessionExamples => new()
    {
        {
            """
            curl -X POST http://localhost:8080/api/sessions/call-abc123/pause \
              -H "Content-Type: application/json" \
              -H "X-API-Key: your-api-key" \
              -d '{"pause_recording": true, "pause_transcription": false}'
            """, true, false
        },
        {
            """
            curl -X POST http://localhost:8080/api/sessions/call-abc123/pause \
              -H "Content-Type: application/json" \
              -H "X-API-Key: your-api-key" \
              -d '{"pause_recording": false, "pause_transcription": true}'
            """, false, true
        },
        {
            """
            curl -X POST http://localhost:8080/api/sessions/call-abc123/pause \
              -H "Content-Type: application/json" \
              -H "X-API-Key: your-api-key" \
              -d '{"pause_recording": true, "pause_transcription": true}'
            """, true, true
        },
        {
            """
            curl -X POST http://localhost:8080/api/sessions/pause-all \
              -H "Content-Type: application/json" \
              -H "X-API-Key: your-api-key" \
              -d '{"pause_recording": true, "pause_transcription": true}'
            """, true, true
        },
        {
            """
            curl -X POST http://siprec:8080/api/sessions/pause-all \
              -H "X-API-Key: $SIPREC_API_KEY" \
              -d '{"pause_recording": false, "pause_transcription": true}'
            """, false, true
        },
        {
            """
            for server in siprec-1; do
              curl -X POST http://$server:8080/api/sessions/pause-all \
                -H "X-API-Key: $API_KEY"
            done
            """, true, true
        },
    };

    [Theory]
    [MemberData(nameof(CurlSessionExamples))]
    public async Task CurlPauseExamplesWork(string command, bool recordingPaused, bool transcriptionPaused)
    {
        var session = _server.AddSession("call-abc123");
        var (exit, stdout, stderr) = await RunCurlAsync(command);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.TryGetProperty("error", out _), stdout);
        Assert.Equal(!recordingPaused, session.Pause.Current.RecordingOpen);
        Assert.Equal(!transcriptionPaused, session.Pause.Current.TranscriptionOpen);
    }

    [Fact]
    public async Task CurlResumeStatusAndTroubleshootingExamplesWork()
    {
        var session = _server.AddSession("call-abc123");
        await _server.PostAsync("/api/sessions/call-abc123/pause", apiKey: "your-api-key");

        var (_, status, _) = await RunCurlAsync("""
            curl -H "X-API-Key: your-api-key" \
              http://localhost:8080/api/sessions/call-abc123/pause-status
            """);
        using (var doc = JsonDocument.Parse(status))
        {
            Assert.True(doc.RootElement.GetProperty("is_paused").GetBoolean());
        }

        var (_, resumed, _) = await RunCurlAsync("""
            curl -X POST http://localhost:8080/api/sessions/call-abc123/resume \
              -H "X-API-Key: your-api-key"
            """);
        using (var doc = JsonDocument.Parse(resumed))
        {
            Assert.False(doc.RootElement.GetProperty("is_paused").GetBoolean());
        }

        await _server.PostAsync("/api/sessions/pause-all", apiKey: "your-api-key");
        var (_, resumedAll, _) = await RunCurlAsync("""
            curl -X POST http://localhost:8080/api/sessions/resume-all \
              -H "X-API-Key: your-api-key"
            """);
        using (var doc = JsonDocument.Parse(resumedAll))
        {
            Assert.Equal("All sessions resumed", doc.RootElement.GetProperty("message").GetString());
        }

        Assert.False(session.Pause.Snapshot.IsPaused);

        var (_, list, _) = await RunCurlAsync("""
            curl -H "X-API-Key: your-api-key" \
              http://localhost:8080/api/sessions
            """);
        using (var doc = JsonDocument.Parse(list))
        {
            Assert.Equal("call-abc123", doc.RootElement.GetProperty("sessions")[0].GetProperty("id").GetString());
        }

        var (_, wrong, _) = await RunCurlAsync("""
            curl -H "X-API-Key: wrong-key" \
              http://localhost:8080/api/sessions/pause-status
            """);
        using (var doc = JsonDocument.Parse(wrong))
        {
            Assert.Equal(401, doc.RootElement.GetProperty("code").GetInt32());
        }
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunCurlAsync(string command)
    {
        var port = _server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var script = command
            .Replace("http://localhost:8080", Base, StringComparison.Ordinal)
            .Replace("http://siprec:8080", Base, StringComparison.Ordinal)
            .Replace("in siprec-1;", "in 127.0.0.1;", StringComparison.Ordinal)
            .Replace("$server:8080", "$server:" + port, StringComparison.Ordinal);
        return ExternalCommand.RunAsync("bash", ["-c", "set -e\n" + script], new Dictionary<string, string>
        {
            ["SIPREC_API_KEY"] = "your-api-key",
            ["API_KEY"] = "your-api-key",
        });
    }
}
