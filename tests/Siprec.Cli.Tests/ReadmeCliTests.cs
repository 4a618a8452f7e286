using System.Text.Json;
using Siprec.Cli.Tests.Support;
using Siprec.Server.Tests.Support;
using Siprec.Testing;

namespace Siprec.Cli.Tests;

/// <summary>
/// The README's CLI section run as printed against the real server, its URL swapped for the test server's: the
/// export line and each siprecctl line in a shell, with the built siprecctl on PATH, and the dotnet run line.
/// </summary>
public sealed class ReadmeCliTests : IAsyncLifetime
{
    private const string ReadmeUrl = "http://localhost:8080";
    private const string ReadmeKey = "your-api-key";

    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync(o =>
    {
        o.PauseResume.RequireAuth = true;
        o.PauseResume.ApiKeys = [ReadmeKey];
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ReadmeBlockListsPausesResumesAndShowsStatus()
    {
        var session = _server.AddSession("call-abc123");
        var block = DocumentedCommands.Block("README.md", "siprecctl sessions list");
        Assert.Equal(
            ["siprecctl sessions list", "siprecctl pause call-abc123 --recording --reason \"card number\"", "siprecctl resume call-abc123", "siprecctl --json status"],
            block.Skip(1));
        Assert.Equal($"export SIPREC_SERVER={ReadmeUrl} SIPREC_API_KEY={ReadmeKey}", block[0]);
        var export = block[0].Replace(ReadmeUrl, _server.Url, StringComparison.Ordinal);

        var listed = await ShellAsync(export, block[1]);
        Assert.Equal("call-abc123", Assert.Single(Table.Parse(listed, "ID"))["ID"]);

        var paused = Assert.Single(Table.Parse(await ShellAsync(export, block[2]), "SESSION"));
        Assert.Equal(("paused", "card number"), (paused["RECORDING"], paused["REASON"]));
        Assert.False(session.Pause.Current.RecordingOpen);
        Assert.True(session.Pause.Current.TranscriptionOpen);

        await ShellAsync(export, block[3]);
        Assert.True(session.Pause.Current.RecordingOpen);

        using var status = JsonDocument.Parse(await ShellAsync(export, block[4]));
        Assert.False(status.RootElement.GetProperty("call-abc123").GetProperty("is_paused").GetBoolean());
    }

    [Fact]
    public async Task ReadmeDotnetRunLineRunsSiprecctl()
    {
        _server.AddSession("call-abc123");
        var line = DocumentedCommands.Inline("README.md", "dotnet run --project src/Siprec.Cli");
        Assert.EndsWith(" -- <command>", line, StringComparison.Ordinal);

        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync(
            "bash",
            ["-c", line.Replace("<command>", "sessions list", StringComparison.Ordinal)],
            new Dictionary<string, string> { ["SIPREC_SERVER"] = _server.Url, ["SIPREC_API_KEY"] = ReadmeKey },
            DocumentedCommands.RepositoryRoot,
            TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Equal("call-abc123", Assert.Single(Table.Parse(stdout, "ID"))["ID"]);
    }

    /// <summary>Runs the export line and one command in one bash, with the siprecctl built next to the tests first on PATH.</summary>
    private static async Task<string> ShellAsync(string export, string command)
    {
        var path = AppContext.BaseDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync(
            "bash", ["-c", export + "\n" + command], new Dictionary<string, string> { ["PATH"] = path, ["SIPREC_SERVER"] = "", ["SIPREC_API_KEY"] = "" });
        Assert.True(exitCode == 0, $"'{command}' exited {exitCode}\n{stdout}\n{stderr}");
        return stdout;
    }
}
