using System.Text.Json;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class BulkCommandTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PauseAllThenResumeAll()
    {
        var first = _server.AddSession("call-1");
        var second = _server.AddSession("a/b+c");

        var paused = await CliRunner.RunAsync(_server.Args("pause-all", "--transcription", "--reason", "maintenance"));
        Assert.Equal(ExitCode.Ok, paused.ExitCode);
        Assert.StartsWith("All sessions paused\n\n", paused.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var rows = Table.Parse(paused.Out, "SESSION").ToDictionary(r => r["SESSION"]);
        Assert.Equal(["a/b+c", "call-1"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(rows.Values, r => Assert.Equal(("on", "paused", "maintenance"), (r["RECORDING"], r["TRANSCRIPTION"], r["REASON"])));
        Assert.False(first.Pause.Current.TranscriptionOpen);
        Assert.True(second.Pause.Current.RecordingOpen);

        var resumed = await CliRunner.RunAsync(_server.Args("resume-all"));
        Assert.Equal(ExitCode.Ok, resumed.ExitCode);
        Assert.StartsWith("All sessions resumed\n", resumed.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.All(Table.Parse(resumed.Out, "SESSION"), r => Assert.Equal("on", r["TRANSCRIPTION"]));
        Assert.True(first.Pause.Current.TranscriptionOpen);
        Assert.True(second.Pause.Current.TranscriptionOpen);
    }

    [Theory]
    [InlineData("pause-all", "All sessions paused", true)]
    [InlineData("resume-all", "All sessions resumed", false)]
    public async Task JsonIsTheServersAnswer(string command, string message, bool paused)
    {
        _server.AddSession("call-1");
        _server.AddSession("call-2");
        var result = await CliRunner.RunAsync(_server.Args(command, "--json"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(message, json.RootElement.GetProperty("message").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(paused, json.RootElement.GetProperty("statuses").GetProperty("call-2").GetProperty("is_paused").GetBoolean());
    }

    [Fact]
    public async Task NothingToPauseSaysSo()
    {
        var result = await CliRunner.RunAsync(_server.Args("pause-all"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("All sessions paused\n\nno sessions\n", result.Out.ReplaceLineEndings("\n"));
    }
}
