using Microsoft.Extensions.Time.Testing;
using Siprec.Cluster.Tests.Support;
using Siprec.Tests.Shared;

namespace Siprec.Cluster.Tests;

/// <summary>Two nodes of one cluster on a real redis-server: the directory, commands between nodes, and Redis going away.</summary>
public sealed class ClusterNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly string _cluster = "t" + Guid.NewGuid().ToString("N")[..8];
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task AnotherNodeFindsASessionByCallIdAndByRecordingSessionId()
    {
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        await using var b = await TestNode.StartAsync(_redis.Url, _cluster, "b");
        a.AddSession("call-1@a", "rs-1");

        await Eventually.HoldsAsync(async () => await b.Node.FindAsync("call-1@a") is not null, Patience, "the session is published");
        var byCallId = await b.Node.FindAsync("call-1@a");
        var byAlias = await b.Node.FindAsync("rs-1");

        Assert.Equal("a", byCallId!.Owner!.Id);
        Assert.Equal(a.Node.Self.Epoch, byCallId.Owner.Epoch);
        Assert.Equal("call-1@a", byAlias!.CallId);
        Assert.Null(await b.Node.FindAsync("call-2@a"));
    }

    [Fact]
    public async Task AnOwnerThatMissedTwoRenewalsIsOverdueBeforeItsLeaseLapses()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        await using var b = await TestNode.StartAsync(_redis.Url, _cluster, "b", time: clock);
        a.AddSession("call-1@a");
        await Eventually.HoldsAsync(async () => await b.Node.FindAsync("call-1@a") is not null, Patience, "the session is published");
        Assert.True((await b.Node.FindAsync("call-1@a"))!.SinceRenewal < b.Node.RenewalOverdue);

        // As b's clock sees it, a has not renewed for longer than two renewal intervals; its lease is still alive.
        clock.Advance(b.Node.RenewalOverdue + TimeSpan.FromSeconds(1));
        var found = await b.Node.FindAsync("call-1@a");

        Assert.NotNull(found!.Owner);
        Assert.True(found.SinceRenewal > b.Node.RenewalOverdue, found.SinceRenewal.ToString());
    }

    [Fact]
    public async Task AStoppedNodeIsKnownAsDownUntilItStartsAgain()
    {
        await using var b = await TestNode.StartAsync(_redis.Url, _cluster, "b");
        var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        Assert.Equal(["a", "b"], (await b.Node.KnownNodesAsync()).Where(n => !n.IsDown).Select(n => n.Id));

        await a.DisposeAsync();
        var known = await b.Node.KnownNodesAsync();

        Assert.Equal(["a", "b"], known.Select(n => n.Id));
        Assert.True(known[0].IsDown);
        Assert.False(known[1].IsDown);
        await using var again = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        Assert.All(await b.Node.KnownNodesAsync(), n => Assert.False(n.IsDown, n.Id));
    }

    [Fact]
    public async Task AnEndedSessionLeavesTheDirectory()
    {
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        a.AddSession("call-1@a", "rs-1");
        await Eventually.HoldsAsync(async () => await a.Node.FindAsync("rs-1") is not null, Patience, "the session is published");

        Assert.True(a.Registry.TryRemove("call-1@a", out _));

        await Eventually.HoldsAsync(async () => await a.Node.FindAsync("call-1@a") is null && await a.Node.FindAsync("rs-1") is null, Patience, "the session is removed");
    }

    [Fact]
    public async Task CommandsReachTheOwnerAndAreAppliedInTheOrderSent()
    {
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        await using var b = await TestNode.StartAsync(_redis.Url, _cluster, "b");

        for (var i = 0; i < 5; i++)
        {
            var reply = await b.Node.SendAsync(a.Node.Self, ClusterCommandKinds.Pause, "call-1@a", $"{{\"n\":{i}}}", string.Empty, "key", CancellationToken.None);
            Assert.Equal(200, reply!.Status);
            Assert.Contains("\"node\":\"a\"", reply.Body, StringComparison.Ordinal);
        }

        Assert.Equal(["{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}"], a.Handler.Applied.Select(c => c.Body));
        Assert.Empty(b.Handler.Applied);
        Assert.Equal(5, b.Observer.Answered);
    }

    [Fact]
    public async Task ACommandForANodeThatDoesNotReadIsQueuedAndAppliedWhenItDoes()
    {
        await using var b = await TestNode.StartAsync(_redis.Url, _cluster, "b", TimeSpan.FromMilliseconds(300));
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        // A start of "a" that has not begun reading: its stream holds what is sent meanwhile.
        var absent = a.Node.Self with { Epoch = "later" };

        var reply = await b.Node.SendAsync(absent, ClusterCommandKinds.Pause, "call-1@a", "{}", string.Empty, "key", CancellationToken.None);

        Assert.Null(reply);
        Assert.Equal(1, b.Observer.Failures);
    }

    [Fact]
    public async Task LiveNodesListsEveryNodeWithALease()
    {
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        await using var b = await TestNode.StartAsync(_redis.Url, _cluster, "b");

        var nodes = await a.Node.LiveNodesAsync();

        Assert.Equal(["a", "b"], nodes.Select(n => n.Id).Order());
        Assert.Equal("http://127.0.0.1/b", nodes.Single(n => n.Id == "b").Url);
    }

    [Fact]
    public async Task ANodeThatLeavesIsNoLongerListedNorItsSessionsFound()
    {
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        var b = await TestNode.StartAsync(_redis.Url, _cluster, "b");
        b.AddSession("call-1@b");
        await Eventually.HoldsAsync(async () => await a.Node.FindAsync("call-1@b") is not null, Patience, "the session is published");

        await b.DisposeAsync();

        Assert.Equal(["a"], (await a.Node.LiveNodesAsync()).Select(n => n.Id));
        Assert.Null(await a.Node.FindAsync("call-1@b"));
    }

    [Fact]
    public async Task WithRedisDownClusterCallsFailAtOnceNamingRedis()
    {
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        await _redis.StopAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(!a.Node.IsConnected), Patience, "the node sees Redis gone");

        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => a.Node.LiveNodesAsync());

        Assert.Contains("Redis", error.Message, StringComparison.Ordinal);
        Assert.Contains("Redis", a.Node.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterRedisRestartsEmptyTheNodesPublishTheirStateAgain()
    {
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        await using var b = await TestNode.StartAsync(_redis.Url, _cluster, "b");
        a.AddSession("call-1@a", "rs-1");
        await Eventually.HoldsAsync(async () => await b.Node.FindAsync("rs-1") is not null, Patience, "the session is published");

        await _redis.StopAsync();
        await _redis.StartAgainAsync();

        await Eventually.HoldsAsync(
            async () => b.Node.IsConnected && await b.Node.FindAsync("rs-1") is { Owner: not null }, Patience, "the session is published again");
        var reply = await b.Node.SendAsync(a.Node.Self, ClusterCommandKinds.Status, "call-1@a", "{}", string.Empty, "key", CancellationToken.None);
        Assert.Equal(200, reply!.Status);
    }

    [Fact]
    public async Task ANodeStartedWhileRedisIsDownJoinsWhenRedisComes()
    {
        await _redis.StopAsync();
        await using var a = await TestNode.StartAsync(_redis.Url, _cluster, "a");
        a.AddSession("call-1@a", "rs-1");
        Assert.False(a.Node.IsConnected);

        await _redis.StartAgainAsync();
        await using var b = await TestNode.StartAsync(_redis.Url, _cluster, "b");

        await Eventually.HoldsAsync(async () => await b.Node.FindAsync("rs-1") is { Owner: not null }, Patience, "the session is published");
        var reply = await b.Node.SendAsync(a.Node.Self, ClusterCommandKinds.Status, "call-1@a", "{}", string.Empty, "key", CancellationToken.None);
        Assert.Equal(200, reply!.Status);
    }
}
