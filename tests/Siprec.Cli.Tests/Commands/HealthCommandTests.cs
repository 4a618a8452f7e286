using System.Text.Json;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class HealthCommandTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PrintsStatusAndChecks()
    {
        _server.Clock.Advance(TimeSpan.FromSeconds(75));
        var result = await CliRunner.RunAsync(_server.Args("health"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        var lines = result.Out.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("status:  ok", lines[0]);
        Assert.StartsWith("version: ", lines[1], StringComparison.Ordinal);
        Assert.Equal("uptime:  1m15s", lines[2]);
        var checks = Table.Parse(result.Out, "CHECK").ToDictionary(r => r["CHECK"]);
        Assert.Equal("ok", checks["recording_dir"]["STATUS"]);
        Assert.Equal("writable", checks["recording_dir"]["DETAIL"]);
        Assert.EndsWith("sessions in use", checks["sessions"]["DETAIL"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonIsTheServersAnswer()
    {
        _server.AddSession("call-1");
        var result = await CliRunner.RunAsync(_server.Args("--json", "health"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("1 of ", json.RootElement.GetProperty("checks").GetProperty("sessions").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("\n  \"status\": \"ok\"", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DegradedServerExitsOneButStillPrints()
    {
        await using var full = await CliServer.StartAsync(o => o.Recording.MaxSessions = 1);
        full.AddSession("call-1");
        var result = await CliRunner.RunAsync(full.Args("health"));
        Assert.Equal(ExitCode.ServerError, result.ExitCode);
        Assert.StartsWith("status:  degraded", result.Out, StringComparison.Ordinal);
        Assert.Equal("failed", Table.Parse(result.Out, "CHECK").Single(r => r["CHECK"] == "sessions")["STATUS"]);
    }
}
