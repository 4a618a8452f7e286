using System.Net;
using System.Net.Sockets;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class ConnectionTests
{
    [Theory]
    [InlineData("health")]
    [InlineData("sessions", "list")]
    [InlineData("pause", "call-1")]
    [InlineData("resume-all")]
    [InlineData("recordings", "get", "call-1")]
    public async Task ServerDownExitsThree(params string[] command)
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        var result = await CliRunner.RunAsync(["--server", url, .. command]);
        Assert.Equal(ExitCode.Unreachable, result.ExitCode);
        Assert.StartsWith($"error: cannot reach {url}: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task ServerComesFromTheEnvironmentUnlessGivenAsOption()
    {
        await using var server = await CliServer.StartAsync();
        var down = $"http://127.0.0.1:{ClosedPort()}";

        var fromEnvironment = await CliRunner.RunAsync(new Dictionary<string, string?> { ["SIPREC_SERVER"] = server.Url }, "health");
        Assert.Equal(ExitCode.Ok, fromEnvironment.ExitCode);

        var optionWins = await CliRunner.RunAsync(new Dictionary<string, string?> { ["SIPREC_SERVER"] = down }, "--server", server.Url, "health");
        Assert.Equal(ExitCode.Ok, optionWins.ExitCode);

        var environmentUsed = await CliRunner.RunAsync(new Dictionary<string, string?> { ["SIPREC_SERVER"] = down }, "health");
        Assert.Equal(ExitCode.Unreachable, environmentUsed.ExitCode);
        Assert.Contains(down, environmentUsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerUrlMayEndWithASlash()
    {
        await using var server = await CliServer.StartAsync();
        var result = await CliRunner.RunAsync("--server", server.Url + "/", "sessions", "list");
        Assert.Equal(ExitCode.Ok, result.ExitCode);
        Assert.Equal("no sessions\n", result.Out.ReplaceLineEndings("\n"));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
