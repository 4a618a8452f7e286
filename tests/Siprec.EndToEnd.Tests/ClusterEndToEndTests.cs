using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// Three server processes on one real redis-server: "all" covers every node, <c>?scope=node</c> this one, a node killed
/// with kill -9 leaves no ghosts, and Redis going away (and coming back empty) leaves each node recording and answering.
/// </summary>
public sealed class ClusterEndToEndTests
{
    private static readonly TimeSpan GhostLimit = TimeSpan.FromSeconds(15);
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["CLUSTER_LEASE_TIME"] = "6s",
        ["RTP_TIMEOUT"] = "120s",
    };

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task AllMeansEveryNodeUntilOneIsKilledAndRedisGoingAwayLeavesEachNodeItsOwnSessions()
    {
        await using var cluster = await TestCluster.StartAsync("cluster", Environment, "a", "b", "c");
        using var onA = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, cluster["a"].SipPort), "cluster-call-a");
        using var onC = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, cluster["c"].SipPort), "cluster-call-c");
        Assert.Equal(200, (await onA.InviteAsync()).Status);
        Assert.Equal(200, (await onC.InviteAsync()).Status);

        // pause-all from b, which has no call, pauses the calls of a and c and reports every node.
        var (status, paused) = await cluster.CallAsync("b", HttpMethod.Post, "/api/sessions/pause-all");
        Assert.True(status == 200, paused.RootElement.ToString());
        Assert.Equal("All sessions paused", paused.RootElement.GetProperty("message").GetString());
        Assert.Equal(2, paused.RootElement.GetProperty("count").GetInt32());
        Assert.Equal("a", paused.RootElement.GetProperty("statuses").GetProperty("cluster-call-a").GetProperty("node").GetString());
        Assert.True(paused.RootElement.GetProperty("statuses").GetProperty("cluster-call-c").GetProperty("is_paused").GetBoolean());
        Assert.Equal(["a", "b", "c"], paused.RootElement.GetProperty("nodes").EnumerateObject().Select(n => n.Name).Order());
        Assert.All(paused.RootElement.GetProperty("nodes").EnumerateObject(), n => Assert.Equal("ok", n.Value.GetProperty("result").GetString()));

        // The owner applied it: its own view says paused.
        var (_, onOwner) = await cluster.CallAsync("a", HttpMethod.Get, "/api/sessions/cluster-call-a/pause-status?scope=node");
        Assert.True(onOwner.RootElement.GetProperty("is_paused").GetBoolean());

        // ?scope=node is this node only.
        var (_, local) = await cluster.CallAsync("b", HttpMethod.Post, "/api/sessions/resume-all?scope=node");
        Assert.Equal(0, local.RootElement.GetProperty("count").GetInt32());
        var (_, listedOnB) = await cluster.CallAsync("b", HttpMethod.Get, "/api/sessions");
        Assert.Equal(["cluster-call-a", "cluster-call-c"], Ids(listedOnB));

        // kill -9 of a: its call leaves every listing within the lease time, and commands for it fail at once.
        cluster["a"].Kill();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Until a's lease lapses, a listing says a did not answer (504) rather than leave it out silently.
            var (listStatus, list) = await cluster.CallAsync("c", HttpMethod.Get, "/api/sessions");
            Assert.True(listStatus is 200 or 504, list.RootElement.ToString());
            if (listStatus == 200 && !Ids(list).Contains("cluster-call-a"))
            {
                break;
            }

            Assert.True(listStatus == 200 || list.RootElement.GetProperty("nodes").GetProperty("a").GetProperty("result").GetString() == "no_answer", list.RootElement.ToString());
            Assert.True(clock.Elapsed < GhostLimit, "the killed node's call is still listed after " + clock.Elapsed);
            await Task.Delay(200);
        }

        var asked = Stopwatch.StartNew();
        var (ghostStatus, ghost) = await cluster.CallAsync("c", HttpMethod.Post, "/api/sessions/cluster-call-a/pause");
        Assert.True(ghostStatus is 404 or 503, ghost.RootElement.ToString());
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(5), "the answer for a dead node's call took " + asked.Elapsed);
        var (afterStatus, after) = await cluster.CallAsync("b", HttpMethod.Post, "/api/sessions/resume-all");
        Assert.True(afterStatus == 200, after.RootElement.ToString());
        Assert.Equal(["b", "c"], after.RootElement.GetProperty("nodes").EnumerateObject().Select(n => n.Name).Order());
        Assert.Equal(1, after.RootElement.GetProperty("count").GetInt32());

        // Redis down: cluster-wide calls answer 503 naming Redis; c still serves its own call.
        await cluster.Redis.StopAsync();
        var (downStatus, down) = await cluster.CallAsync("b", HttpMethod.Get, "/api/sessions");
        Assert.Equal(503, downStatus);
        Assert.Contains("Redis", down.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        var (ownStatus, own) = await cluster.CallAsync("c", HttpMethod.Post, "/api/sessions/cluster-call-c/pause");
        Assert.True(ownStatus == 200, own.RootElement.ToString());
        var (_, health) = await cluster.CallAsync("c", HttpMethod.Get, "/health/ready");
        Assert.Equal("degraded", health.RootElement.GetProperty("cluster").GetString());

        // Redis back, empty: c publishes its call again by itself and b finds it.
        await cluster.Redis.StartAgainAsync();
        clock.Restart();
        while (true)
        {
            var (backStatus, back) = await cluster.CallAsync("b", HttpMethod.Get, "/api/sessions/cluster-call-c/pause-status");
            if (backStatus == 200)
            {
                Assert.True(back.RootElement.GetProperty("is_paused").GetBoolean());
                Assert.Equal("c", back.RootElement.GetProperty("node").GetString());
                break;
            }

            Assert.True(clock.Elapsed < GhostLimit, $"the call was not published again after Redis came back: {backStatus} {back.RootElement}");
            await Task.Delay(200);
        }
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task APauseAndAResumeSentWhileTheOwnerIsStoppedAreAppliedInOrderWhenItContinues()
    {
        var environment = new Dictionary<string, string>(Environment) { ["CLUSTER_LEASE_TIME"] = "20s" };
        await using var cluster = await TestCluster.StartAsync("cluster-stop", environment, "a", "c");
        using var onA = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, cluster["a"].SipPort), "cluster-stopped-call");
        Assert.Equal(200, (await onA.InviteAsync()).Status);
        var (found, _) = await cluster.CallAsync("c", HttpMethod.Get, "/api/sessions/cluster-stopped-call/pause-status");
        Assert.Equal(200, found);

        cluster["a"].Freeze(true);
        int pausedStatus, resumedStatus;
        JsonDocument paused, resumed;
        try
        {
            (pausedStatus, paused) = await cluster.CallAsync("c", HttpMethod.Post, "/api/sessions/cluster-stopped-call/pause");
            (resumedStatus, resumed) = await cluster.CallAsync("c", HttpMethod.Post, "/api/sessions/cluster-stopped-call/resume");
        }
        finally
        {
            cluster["a"].Freeze(false);
        }

        // Not applied yet, and the answer says so; both stay queued for a.
        Assert.True(pausedStatus == 202, paused.RootElement.ToString());
        Assert.True(resumedStatus == 202, resumed.RootElement.ToString());
        Assert.Contains("not applied yet", paused.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        var audit = Path.Combine(cluster["a"].RecordingDirectory, "audit", "pause-audit.jsonl");
        var clock = Stopwatch.StartNew();
        string[] events = [];
        while (events.Length < 2)
        {
            Assert.True(clock.Elapsed < GhostLimit, "a did not apply the queued commands: " + string.Join(", ", events));
            await Task.Delay(200);
            events = File.Exists(audit) ? [.. File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()!)] : [];
        }

        Assert.Equal(["session.paused", "session.resumed"], events);
        var (_, status) = await cluster.CallAsync("c", HttpMethod.Get, "/api/sessions/cluster-stopped-call/pause-status");
        Assert.False(status.RootElement.GetProperty("is_paused").GetBoolean());
    }

    private static string[] Ids(JsonDocument list) =>
        [.. list.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
}
