using System.Text.Json;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class StatusCommandTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WithoutIdListsEverySession()
    {
        _server.AddSession("call-1");
        _server.AddSession("x+y/z");
        await CliRunner.RunAsync(_server.Args("pause", "x+y/z", "--recording"));
        _server.PauseService.SetSourcePaused("call-1", true);
        _server.Clock.Advance(TimeSpan.FromSeconds(312));

        var result = await CliRunner.RunAsync(_server.Args("status"));

        Assert.Equal(ExitCode.Ok, result.ExitCode);
        var rows = Table.Parse(result.Out, "SESSION").ToDictionary(r => r["SESSION"]);
        Assert.Equal("src", rows["call-1"]["SOURCE"]);
        Assert.Equal("paused", rows["call-1"]["RECORDING"]);
        Assert.Equal("api", rows["x+y/z"]["SOURCE"]);
        Assert.Equal("5m12s", rows["x+y/z"]["DURATION"]);
        Assert.Equal("on", rows["x+y/z"]["TRANSCRIPTION"]);
    }

    [Fact]
    public async Task WithIdShowsThatSession()
    {
        _server.AddSession("call-1");
        _server.AddSession("call-2");
        var result = await CliRunner.RunAsync(_server.Args("status", "call-2"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        var row = Assert.Single(Table.Parse(result.Out, "SESSION"));
        Assert.Equal(("call-2", "on", "-", "-"), (row["SESSION"], row["RECORDING"], row["PAUSED AT"], row["SOURCE"]));
    }

    [Fact]
    public async Task JsonWithAndWithoutId()
    {
        _server.AddSession("a/b");
        var all = await CliRunner.RunAsync(_server.Args("--json", "status"));
        using (var json = JsonDocument.Parse(all.Out))
        {
            Assert.Equal("a/b", json.RootElement.GetProperty("a/b").GetProperty("session_id").GetString());
        }

        var one = await CliRunner.RunAsync(_server.Args("--json", "status", "a/b"));
        using (var json = JsonDocument.Parse(one.Out))
        {
            Assert.False(json.RootElement.GetProperty("is_paused").GetBoolean());
        }
    }

    [Fact]
    public async Task NoSessions()
    {
        var result = await CliRunner.RunAsync(_server.Args("status"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("no sessions\n", result.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task UnknownSessionExitsOne()
    {
        var result = await CliRunner.RunAsync(_server.Args("status", "nope"));
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal("error: session not found: nope (HTTP 404)\n", result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task DisabledApiIsReportedAsTheServerSaysIt()
    {
        await using var server = await CliServer.StartAsync(o => o.PauseResume.Enabled = false);
        var result = await CliRunner.RunAsync(server.Args("status"));
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.Equal("error: pause/resume API is disabled (HTTP 404)\n", result.Error.ReplaceLineEndings("\n"));
    }
}
