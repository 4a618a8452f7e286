using System.Text.Json;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class PauseCommandTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync(o => o.PauseResume.PauseTranscription = false);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(new string[0], true, false)]
    [InlineData(new[] { "--recording" }, true, false)]
    [InlineData(new[] { "--transcription" }, false, true)]
    [InlineData(new[] { "-t" }, false, true)]
    [InlineData(new[] { "--recording", "--transcription" }, true, true)]
    public async Task FlagsChooseWhatIsPausedAndNoFlagMeansServerDefaults(string[] flags, bool recording, bool transcription)
    {
        var session = _server.AddSession("call-1");
        var result = await CliRunner.RunAsync(_server.Args(["pause", "call-1", .. flags]));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal(!recording, session.Pause.Current.RecordingOpen);
        Assert.Equal(!transcription, session.Pause.Current.TranscriptionOpen);
        var row = Assert.Single(Table.Parse(result.Out, "SESSION"));
        Assert.Equal("call-1", row["SESSION"]);
        Assert.Equal(recording ? "paused" : "on", row["RECORDING"]);
        Assert.Equal(transcription ? "paused" : "on", row["TRANSCRIPTION"]);
        Assert.Equal("2023-12-01T10:30:00Z", row["PAUSED AT"]);
        Assert.Equal("0s", row["DURATION"]);
        Assert.Equal("api", row["SOURCE"]);
        Assert.Equal("-", row["REASON"]);
    }

    [Fact]
    public async Task ReasonIsSentAndJsonIsTheServersStatus()
    {
        _server.AddSession("call-1");
        var result = await CliRunner.RunAsync(_server.Args("pause", "call-1", "--recording", "--transcription", "--reason", "card number", "--json"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("call-1", json.RootElement.GetProperty("session_id").GetString());
        Assert.True(json.RootElement.GetProperty("recording_paused").GetBoolean());
        Assert.True(json.RootElement.GetProperty("transcription_paused").GetBoolean());
        Assert.Equal("card number", json.RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(new string[0], false, false)]
    [InlineData(new[] { "--recording" }, false, true)]
    [InlineData(new[] { "--transcription" }, true, false)]
    [InlineData(new[] { "-r", "-t" }, false, false)]
    public async Task ResumeFlagsChooseWhatIsResumed(string[] flags, bool recordingPaused, bool transcriptionPaused)
    {
        var session = _server.AddSession("call-1");
        Assert.Equal(ExitCode.Ok, (await CliRunner.RunAsync(_server.Args("pause", "call-1", "-r", "-t"))).ExitCode);
        _server.Clock.Advance(TimeSpan.FromSeconds(42));
        var result = await CliRunner.RunAsync(_server.Args(["resume", "call-1", .. flags]));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal(!recordingPaused, session.Pause.Current.RecordingOpen);
        Assert.Equal(!transcriptionPaused, session.Pause.Current.TranscriptionOpen);
        var row = Assert.Single(Table.Parse(result.Out, "SESSION"));
        Assert.Equal(recordingPaused ? "paused" : "on", row["RECORDING"]);
        Assert.Equal(transcriptionPaused || recordingPaused ? "42s" : "0s", row["DURATION"]);
    }

    [Fact]
    public async Task ResumeJson()
    {
        _server.AddSession("call-1");
        await CliRunner.RunAsync(_server.Args("pause", "call-1"));
        var result = await CliRunner.RunAsync(_server.Args("--json", "resume", "call-1"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.False(json.RootElement.GetProperty("is_paused").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("paused_at").ValueKind);
    }

    [Theory]
    [InlineData("a/b+c@pbx.example.com")]
    [InlineData("+/+")]
    [InlineData("call 1?x=y#z")]
    public async Task IdsWithSlashPlusAndReservedCharactersReachTheirSession(string id)
    {
        var other = _server.AddSession("a");
        var session = _server.AddSession(id);
        var paused = await CliRunner.RunAsync(_server.Args("pause", id, "--recording"));
        Assert.Equal(ExitCode.Ok, paused.ExitCode);
        Assert.Equal(id, Assert.Single(Table.Parse(paused.Out, "SESSION"))["SESSION"]);
        Assert.False(session.Pause.Current.RecordingOpen);
        Assert.True(other.Pause.Current.RecordingOpen);

        var resumed = await CliRunner.RunAsync(_server.Args("resume", id));
        Assert.Equal(ExitCode.Ok, resumed.ExitCode);
        Assert.True(session.Pause.Current.RecordingOpen);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task UnknownSessionExitsOne(string verb)
    {
        var result = await CliRunner.RunAsync(_server.Args(verb, "a/missing+1"));
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal("error: session not found: a/missing+1 (HTTP 404)\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task ServerRefusalIsPrintedWithItsStatus()
    {
        await using var server = await CliServer.StartAsync(o => o.PauseResume.PerSession = false);
        server.AddSession("call-1");
        var result = await CliRunner.RunAsync(server.Args("pause", "call-1"));
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal("error: per-session pause/resume control is disabled (HTTP 403)\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task OverlongReasonIsTheServersBadRequest()
    {
        _server.AddSession("call-1");
        var result = await CliRunner.RunAsync(_server.Args("pause", "call-1", "--reason", new string('x', 600)));
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal("error: invalid field 'reason': at most 512 characters, no control characters (HTTP 400)\n", result.Error.ReplaceLineEndings("\n"));
    }
}
