using System.Text.Json;
using Siprec.Cli.Tests.Support;

namespace Siprec.Cli.Tests.Commands;

public sealed class NodesCommandTests : IAsyncLifetime
{
    private CliServer _server = null!;

    public async Task InitializeAsync() => _server = await CliServer.StartAsync(o =>
    {
        o.Cluster.NodeId = "recorder-1";
        o.Cluster.AdvertisedUrl = "http://recorder-1.example:8080";
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListShowsTheNodeWithItsStateSessionsAndUptime()
    {
        _server.AddSession("call-1");
        _server.Clock.Advance(TimeSpan.FromSeconds(3723));

        var result = await CliRunner.RunAsync(_server.Args("nodes"));

        Assert.Equal(ExitCode.Ok, result.ExitCode);
        var row = Assert.Single(Table.Parse(result.Out, "ID"));
        Assert.Equal("recorder-1", row["ID"]);
        Assert.Equal("active", row["STATE"]);
        Assert.Equal("-", row["REFUSING"]);
        Assert.Equal("1", row["SESSIONS"]);
        Assert.Matches(@"^\d+(\.\d)?(B|KiB|MiB|GiB|TiB)$", row["FREE DISK"]);
        Assert.Equal("1h2m", row["UPTIME"]);
        Assert.Equal("http://recorder-1.example:8080", row["URL"]);
    }

    [Fact]
    public async Task DrainAndUndrainSayTheNewState()
    {
        var drained = await CliRunner.RunAsync(_server.Args("nodes", "drain", "recorder-1"));
        Assert.Equal(ExitCode.Ok, drained.ExitCode);
        Assert.Equal("node recorder-1: draining\n", drained.Out.ReplaceLineEndings("\n"));
        var listed = await CliRunner.RunAsync(_server.Args("nodes", "--json"));
        using (var json = JsonDocument.Parse(listed.Out))
        {
            Assert.Equal("Draining", json.RootElement.GetProperty("nodes")[0].GetProperty("refusing").GetString());
        }

        var undrained = await CliRunner.RunAsync(_server.Args("nodes", "undrain", "recorder-1"));
        Assert.Equal(ExitCode.Ok, undrained.ExitCode);
        Assert.Equal("node recorder-1: active\n", undrained.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task AnUnknownNodeIsAnError()
    {
        var result = await CliRunner.RunAsync(_server.Args("nodes", "drain", "recorder-9"));

        Assert.NotEqual(ExitCode.Ok, result.ExitCode);
        Assert.Contains("node not found: recorder-9", result.Error, StringComparison.Ordinal);
    }
}
