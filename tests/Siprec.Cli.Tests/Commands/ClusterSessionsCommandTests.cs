using Siprec.Cli.Tests.Support;
using Siprec.Tests.Shared;

namespace Siprec.Cli.Tests.Commands;

/// <summary><c>siprecctl sessions list</c> against a node of a cluster (on a real redis-server) shows each session's node.</summary>
public sealed class ClusterSessionsCommandTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private CliServer _server = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _server = await CliServer.StartAsync(o =>
        {
            o.Cluster.RedisUrl = _redis.Url;
            o.Cluster.NodeId = "node-1";
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task ListShowsTheNodeOfEachSession()
    {
        _server.AddSession("call-1", "rs-1");

        var result = await CliRunner.RunAsync(_server.Args("sessions", "list"));

        Assert.Equal(ExitCode.Ok, result.ExitCode);
        var row = Assert.Single(Table.Parse(result.Out, "ID"));
        Assert.Equal("call-1", row["ID"]);
        Assert.Equal("node-1", row["NODE"]);
    }
}
