using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Audio;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// Three server processes on one real redis-server: every node lists every node, a drain sent to one node is applied by
/// the node it names (OPTIONS and new INVITEs 503 with Retry-After, its live call recorded to its end), undrain restores
/// it, and SIGTERM drains the same way before the node leaves.
/// </summary>
public sealed class NodeDrainEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["RTP_TIMEOUT"] = "120s",
        ["SHUTDOWN_DRAIN_TIMEOUT"] = "30s",
    };

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task ADrainSentThroughAnotherNodeRefusesNewCallsOnItsTargetWhileItsLiveCallsRunToTheirEnd()
    {
        await using var cluster = await TestCluster.StartAsync("nodes", Environment, "a", "b", "c");
        var sipA = new IPEndPoint(IPAddress.Loopback, cluster["a"].SipPort);
        using var live = new SiprecCaller(sipA, "drained-node-call");
        Assert.Equal(200, (await live.InviteAsync()).Status);
        await SendPacedAsync(live);

        // Any node lists every node, with its own figures.
        foreach (var asking in new[] { "a", "b", "c" })
        {
            var (status, list) = await cluster.CallAsync(asking, HttpMethod.Get, "/api/nodes");
            Assert.True(status == 200, list.RootElement.ToString());
            Assert.Equal(["a", "b", "c"], Nodes(list).Keys.Order());
            Assert.All(Nodes(list).Values, n => Assert.Equal("active", n.GetProperty("state").GetString()));
            Assert.All(Nodes(list).Values, n => Assert.True(n.GetProperty("free_disk_bytes").GetInt64() > 0));
            Assert.All(Nodes(list).Values, n => Assert.False(string.IsNullOrEmpty(n.GetProperty("version").GetString())));
            Assert.Equal(1, Nodes(list)["a"].GetProperty("sessions").GetInt32());
            Assert.Equal(0, Nodes(list)["b"].GetProperty("sessions").GetInt32());
        }

        // Drain a through c: a refuses probes and new calls, b does not.
        var (drained, drainedBody) = await cluster.CallAsync("c", HttpMethod.Post, "/api/nodes/a/drain");
        Assert.True(drained == 200, drainedBody.RootElement.ToString());
        Assert.Equal(("a", "draining"), (drainedBody.RootElement.GetProperty("id").GetString(), drainedBody.RootElement.GetProperty("state").GetString()));
        await AssertRefusedAsync(sipA, "Draining");
        using (var probeB = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, cluster["b"].SipPort), "probe-b"))
        {
            Assert.Equal(200, (await probeB.OptionsAsync()).Status);
        }

        var (_, seenFromB) = await cluster.CallAsync("b", HttpMethod.Get, "/api/nodes");
        Assert.Equal("draining", Nodes(seenFromB)["a"].GetProperty("state").GetString());
        Assert.Equal("Draining", Nodes(seenFromB)["a"].GetProperty("refusing").GetString());

        // Undrain through b: a takes calls again.
        await SendPacedAsync(live);
        var (undrained, undrainedBody) = await cluster.CallAsync("b", HttpMethod.Post, "/api/nodes/a/undrain");
        Assert.True(undrained == 200, undrainedBody.RootElement.ToString());
        Assert.Equal("active", undrainedBody.RootElement.GetProperty("state").GetString());
        using (var probeA = new SiprecCaller(sipA, "probe-a-undrained"))
        {
            Assert.Equal(200, (await probeA.OptionsAsync()).Status);
        }

        // SIGTERM drains too: other nodes see a draining and the live call runs to its BYE, then a is down.
        var stopping = cluster["a"].StopAsync(TimeSpan.FromSeconds(40));
        await EventuallyAsync(cluster, "b", "a", "draining");
        await AssertRefusedAsync(sipA, "Shutting Down");
        await SendPacedAsync(live);
        Assert.False(cluster["a"].HasExited, "a exited while a call was live");
        Assert.Equal(200, await live.ByeAsync());
        Assert.Equal(0, await stopping);

        // Recorded whole through the drain, the undrain and the shutdown: 75 packets of 20 ms, ended by its BYE.
        using (var sidecar = await EndedSidecar.WaitAsync(cluster["a"].RecordingDirectory, Bound))
        {
            Assert.Equal("bye", sidecar.RootElement.GetProperty("end_reason").GetString()!.ToLowerInvariant());
        }

        var duration = WavFile.Read(Assert.Single(cluster["a"].Recordings())).Duration;
        Assert.True(duration >= TimeSpan.FromSeconds(1.46), $"the drained node's call lost audio: {duration}");
        await EventuallyAsync(cluster, "c", "a", "down");
    }

    /// <summary>Half a second of audio at its real pace, so it is recorded as sent (a burst would overrun the jitter buffer).</summary>
    private static async Task SendPacedAsync(SiprecCaller call)
    {
        for (var i = 0; i < 25; i++)
        {
            call.SendRtp(1);
            await Task.Delay(20);
        }
    }

    private static async Task AssertRefusedAsync(IPEndPoint node, string reason)
    {
        using var probe = new SiprecCaller(node, "probe-" + Guid.NewGuid().ToString("N"));
        var options = await probe.OptionsAsync();
        Assert.StartsWith($"SIP/2.0 503 {reason}\r\n", options.Headers, StringComparison.Ordinal);
        Assert.Matches(@"(?im)^Retry-After: \d+", options.Headers);
        using var caller = new SiprecCaller(node, "refused-" + Guid.NewGuid().ToString("N"));
        var invite = await caller.InviteAsync();
        Assert.StartsWith($"SIP/2.0 503 {reason}\r\n", invite.Headers, StringComparison.Ordinal);
        Assert.Matches(@"(?im)^Retry-After: \d+", invite.Headers);
    }

    private static async Task EventuallyAsync(TestCluster cluster, string asking, string node, string state)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, list) = await cluster.CallAsync(asking, HttpMethod.Get, "/api/nodes");
            if (status == 200 && Nodes(list).TryGetValue(node, out var entry) && entry.GetProperty("state").GetString() == state)
            {
                return;
            }

            Assert.True(clock.Elapsed < Bound, $"{asking} did not see {node} {state}: {status} {list.RootElement}");
            await Task.Delay(200);
        }
    }

    private static Dictionary<string, JsonElement> Nodes(JsonDocument list) =>
        list.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n.Clone());
}
