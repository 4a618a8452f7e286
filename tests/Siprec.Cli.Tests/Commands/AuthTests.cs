using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class AuthTests : IAsyncLifetime
{
    private const string Key = "s3cret";

    private CliServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await CliServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = [Key];
        });
        _server.AddSession("call-1");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("sessions", "list")]
    [InlineData("status")]
    [InlineData("pause", "call-1")]
    [InlineData("pause-all")]
    public async Task MissingKeyExitsFourWithTheServersMessage(params string[] command)
    {
        var result = await CliRunner.RunAsync(_server.Args(command));
        Assert.Equal(ExitCode.Unauthorized, result.ExitCode);
        Assert.Equal(
            "error: missing API key (X-API-Key header) (HTTP 401)\nhint: pass --api-key KEY or set SIPREC_API_KEY\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, result.Out);
        Assert.True(_server.Registry.TryGet("call-1", out var session));
        Assert.True(session!.Pause.Current.RecordingOpen);
    }

    [Fact]
    public async Task WrongKeyExitsFour()
    {
        var result = await CliRunner.RunAsync(_server.Args("--api-key", "wrong", "status"));
        Assert.Equal(ExitCode.Unauthorized, result.ExitCode);
        Assert.StartsWith("error: invalid API key (HTTP 401)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFromOptionWorks()
    {
        var result = await CliRunner.RunAsync(_server.Args("--api-key", Key, "pause", "call-1"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.True(_server.Registry.TryGet("call-1", out var session));
        Assert.False(session!.Pause.Current.RecordingOpen);
    }

    [Fact]
    public async Task KeyFromEnvironmentWorks()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string?> { ["SIPREC_API_KEY"] = Key }, _server.Args("sessions", "list"));
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("call-1", Assert.Single(Table.Parse(result.Out, "ID"))["ID"]);
    }

    [Fact]
    public async Task OptionOverridesEnvironment()
    {
        var env = new Dictionary<string, string?> { ["SIPREC_API_KEY"] = "stale" };
        Assert.Equal(ExitCode.Unauthorized, (await CliRunner.RunAsync(env, _server.Args("status"))).ExitCode);
        Assert.Equal(ExitCode.Ok, (await CliRunner.RunAsync(env, _server.Args("--api-key", Key, "status"))).ExitCode);
    }
}
