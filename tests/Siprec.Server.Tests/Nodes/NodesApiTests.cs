using System.Text.RegularExpressions;
using Siprec.Server.Health;
using Siprec.Server.Hosting;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Nodes;

/// <summary>A single node lists itself under <c>/api/nodes</c>, and draining it refuses new calls and probes over real SIP.</summary>
public sealed partial class NodesApiTests
{
    [Fact]
    public async Task ASingleNodeListsItselfWithItsSessionsDiskVersionAndUptime()
    {
        await using var server = await RunningServer.StartAsync(o => o.Cluster.AdvertisedUrl = "http://recorder-1.example:8080");
        server.AddSession("node-call-1");
        server.Clock.Advance(TimeSpan.FromSeconds(90));

        var (status, json, _) = await server.GetAsync("/api/nodes");

        Assert.Equal(200, status);
        Assert.Equal(1, json.GetProperty("count").GetInt32());
        var node = json.GetProperty("nodes")[0];
        Assert.Equal(System.Net.Dns.GetHostName(), node.GetProperty("id").GetString());
        Assert.Equal("active", node.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, node.GetProperty("refusing").ValueKind);
        Assert.Equal(1, node.GetProperty("sessions").GetInt32());
        Assert.Equal(server.Options.Recording.MaxSessions, node.GetProperty("max_sessions").GetInt32());
        Assert.True(node.GetProperty("free_disk_bytes").GetInt64() > 0);
        Assert.Equal(HealthEndpoints.Version, node.GetProperty("version").GetString());
        Assert.Equal(90, node.GetProperty("uptime_seconds").GetInt64());
        Assert.Equal("2023-12-01T10:30:00Z", node.GetProperty("started_at").GetString());
        Assert.Equal("http://recorder-1.example:8080", node.GetProperty("url").GetString());
    }

    [Fact]
    public async Task DrainingRefusesProbesAndNewCallsWithRetryAfterUntilUndrained()
    {
        await using var server = await RunningServer.StartAsync(o => o.Cluster.NodeId = "solo");
        var sip = server.Service<SipRecorderService>().UdpEndPoint!;

        var (drained, drainedJson, _) = await server.PostAsync("/api/nodes/solo/drain");
        Assert.Equal(200, drained);
        Assert.Equal("draining", drainedJson.GetProperty("state").GetString());
        Assert.Equal("Draining", drainedJson.GetProperty("refusing").GetString());
        using (var probe = new SiprecCaller(sip, "drained-probe"))
        {
            var options = await probe.OptionsAsync();
            Assert.Equal(503, options.Status);
            Assert.StartsWith("SIP/2.0 503 Draining\r\n", options.Headers, StringComparison.Ordinal);
            Assert.Matches(RetryAfter(), options.Headers);
        }

        using (var caller = new SiprecCaller(sip, "drained-call"))
        {
            var invite = await caller.InviteAsync();
            Assert.Equal(503, invite.Status);
            Assert.StartsWith("SIP/2.0 503 Draining\r\n", invite.Headers, StringComparison.Ordinal);
            Assert.Matches(RetryAfter(), invite.Headers);
        }

        Assert.Contains(server.Logs.Lines, m => m.Contains("Node solo drained", StringComparison.Ordinal));
        var (undrained, undrainedJson, _) = await server.PostAsync("/api/nodes/solo/undrain");
        Assert.Equal(200, undrained);
        Assert.Equal("active", undrainedJson.GetProperty("state").GetString());
        using var again = new SiprecCaller(sip, "undrained-probe");
        Assert.Equal(200, (await again.OptionsAsync()).Status);
    }

    [Fact]
    public async Task AnUnknownNodeIsNotFoundAndAShuttingDownNodeCannotBeUndrained()
    {
        await using var server = await RunningServer.StartAsync(o => o.Cluster.NodeId = "solo");

        var (missing, missingJson, _) = await server.PostAsync("/api/nodes/elsewhere/drain");
        Assert.Equal(404, missing);
        Assert.Equal("node not found: elsewhere", missingJson.GetProperty("error").GetString());

        server.Service<Siprec.Recording.Srs.SrsUserAgent>().StartDraining();
        var (conflict, conflictJson, _) = await server.PostAsync("/api/nodes/solo/undrain");
        Assert.Equal(409, conflict);
        Assert.Contains("shutting down", conflictJson.GetProperty("error").GetString(), StringComparison.Ordinal);
        var (_, list, _) = await server.GetAsync("/api/nodes");
        Assert.Equal("Shutting Down", list.GetProperty("nodes")[0].GetProperty("refusing").GetString());
    }

    [Fact]
    public async Task AtSessionCapacityTheNodeStaysActiveButRefusesProbes()
    {
        await using var server = await RunningServer.StartAsync(o => o.Recording.MaxSessions = 1);
        server.AddSession("the-one-call");
        using var probe = new SiprecCaller(server.Service<SipRecorderService>().UdpEndPoint!, "full-probe");

        var options = await probe.OptionsAsync();

        Assert.StartsWith("SIP/2.0 503 At Session Capacity\r\n", options.Headers, StringComparison.Ordinal);
        var (_, list, _) = await server.GetAsync("/api/nodes");
        Assert.Equal("active", list.GetProperty("nodes")[0].GetProperty("state").GetString());
        Assert.Equal("At Session Capacity", list.GetProperty("nodes")[0].GetProperty("refusing").GetString());
    }

    [GeneratedRegex(@"(?im)^Retry-After: \d+\r?$")]
    private static partial Regex RetryAfter();
}
