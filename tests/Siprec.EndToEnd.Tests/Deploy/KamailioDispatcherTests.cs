using System.Globalization;
using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.RtpSender.Sending;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests.Deploy;

/// <summary>
/// The shipped <c>deploy/kamailio/kamailio.cfg</c> in front of three nodes on one redis-server: SIPp calls through it land
/// on every node, an SRC pause re-INVITE and the BYE reach the node that answered, a node killed with kill -9 is
/// skipped for new calls without one failing, and a node drained mid-load leaves rotation by its OPTIONS 503 while its
/// live calls run to their BYE.
/// </summary>
public sealed class KamailioDispatcherTests : IDisposable
{
    private const int Rate = AudioFixtures.SampleRate;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(20);

    // Longer than a busy host takes to pass a packet or a SIP round trip, far shorter than the pause.
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(250);

    private static readonly Dictionary<string, string> Defines = new()
    {
        ["DS_PING_INTERVAL"] = "1",
        // Longer than the start of the SIPp run that follows the kill, so its first call meets the dead node and fails over.
        ["FR_TIMER"] = "2000",
    };

    private readonly TestDirectory _directory = new("dispatcher");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task CallsThroughKamailioLandOnEveryNodeInDialogRequestsReachTheOwnerAndAKilledNodeIsSkipped()
    {
        var environment = new Dictionary<string, string> { ["PAUSE_BEHAVIOR"] = "silence" };
        await using var cluster = await TestCluster.StartAsync("dispatcher", environment, "a", "b", "c");
        ServerProcess[] nodes = [cluster["a"], cluster["b"], cluster["c"]];
        using var nothingListens = FreePorts.Lease(1);
        await using var proxy = await KamailioProxy.StartDispatcherAsync(_directory, [.. nodes.Select(n => n.SipPort), nothingListens[0]], Defines);
        var runner = new SippRunner(_directory);

        // A destination that never answers OPTIONS leaves rotation by probing alone, before any call is sent.
        await proxy.WaitForLogAsync(TimeSpan.FromSeconds(15), $"node sip:127.0.0.1:{Text(nothingListens[0])} left rotation");

        var spread = await runner.RunAsync(Calls(proxy, nodes[0], 3));
        Assert.True(spread.AllCallsSucceeded, spread.Describe() + "\n" + proxy.LogText());
        Assert.Equal(nodes.Select(n => n.SipPort).Order(), proxy.Dispatched().Select(d => d.NodePort).Order());
        // The nodes' answers reach SIPp unchanged: each call's media ports are in the range of the node that answered it.
        foreach (var (ports, (_, nodePort)) in spread.Logged("ANSWER_PORTS").Zip(proxy.Dispatched()))
        {
            var node = nodes.Single(n => n.SipPort == nodePort);
            Assert.All(ports.Split(' '), p => Assert.InRange(int.Parse(p, CultureInfo.InvariantCulture), node.RtpPortMin, node.RtpPortMax));
        }

        await AssertSrcPauseReachesTheOwnerAsync(nodes, proxy, runner);

        // Kill the node next in rotation: the next call meets it, times out, and goes to the next node.
        var order = nodes.Select(n => n.SipPort).ToList();
        var victim = nodes.Single(n => n.SipPort == order[(order.IndexOf(proxy.Dispatched()[^1].NodePort) + 1) % order.Count]);
        var victimRecordings = victim.Recordings().Count;
        victim.Kill();
        var afterKill = proxy.Dispatched().Count;
        var survivors = nodes.Where(n => n != victim).ToArray();
        var before = survivors.Sum(n => n.Recordings().Count);

        var rerouted = await runner.RunAsync(Calls(proxy, survivors[0], 3));

        Assert.True(rerouted.AllCallsSucceeded, rerouted.Describe() + "\n" + proxy.LogText());
        // Out of rotation by the failed INVITE or by the probe, whichever came first.
        await proxy.WaitForLogAsync(
            TimeSpan.FromSeconds(15), $"node sip:127.0.0.1:{Text(victim.SipPort)} left rotation", $"node sip:127.0.0.1:{Text(victim.SipPort)} did not take INVITE");
        var sent = proxy.Dispatched().Skip(afterKill).ToArray();
        Assert.True(sent.Count(d => d.NodePort == victim.SipPort) <= 1, string.Join(", ", sent));
        Assert.Equal(3, sent.Count(d => d.NodePort != victim.SipPort));
        Assert.Equal(victimRecordings, victim.Recordings().Count);
        await WaitForAsync(() => survivors.Sum(n => n.Recordings().Count) == before + 3, "the three calls after the kill were not all recorded by the others");
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task WithLeastCallsANewCallGoesToTheNodeWithFewerLiveCallsWhereRoundRobinWouldAlternate()
    {
        using var firstDirectory = new TestDirectory("least-calls-1");
        using var secondDirectory = new TestDirectory("least-calls-2");
        await using var first = await ServerProcess.StartAsync(firstDirectory, new ServerProcessOptions { RtpPortCount = 20 });
        await using var second = await ServerProcess.StartAsync(secondDirectory, new ServerProcessOptions { RtpPortCount = 20 });
        var defines = new Dictionary<string, string>(Defines) { ["WITH_LEAST_CALLS"] = "1" };
        await using var proxy = await KamailioProxy.StartDispatcherAsync(_directory, [first.SipPort, second.SipPort], defines);
        var runner = new SippRunner(_directory);

        // One long call holds a node; two short ones in a row both go to the other, which has none.
        await using var held = runner.Start(Calls(proxy, first, 1) with { CallDuration = TimeSpan.FromSeconds(8) });
        await held.WaitForLogAsync("ANSWERED_AT", Bound);
        var busy = proxy.Dispatched()[0].NodePort;
        var shortCalls = await runner.RunAsync(Calls(proxy, second, 2));

        Assert.True(shortCalls.AllCallsSucceeded, shortCalls.Describe() + "\n" + proxy.LogText());
        var idle = busy == first.SipPort ? second.SipPort : first.SipPort;
        Assert.Equal([busy, idle, idle], proxy.Dispatched().Select(d => d.NodePort));
        var heldResult = await held.WaitForExitAsync();
        Assert.True(heldResult.AllCallsSucceeded, heldResult.Describe());
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task AnInviteAFullNodeAnswers503FailsOverToTheNextNodeAndNoCallFails()
    {
        using var firstDirectory = new TestDirectory("full-node-1");
        using var secondDirectory = new TestDirectory("full-node-2");
        var oneSession = new ServerProcessOptions { RtpPortCount = 20, Environment = new Dictionary<string, string> { ["MAX_SESSIONS"] = "1" } };
        await using var first = await ServerProcess.StartAsync(firstDirectory, oneSession);
        await using var second = await ServerProcess.StartAsync(secondDirectory, oneSession);
        ServerProcess[] nodes = [first, second];

        // A full node answers OPTIONS 503 too, so a probe would take it out of rotation before the INVITE meets it; no
        // probe in this test's time stands for an INVITE sent between a node filling up and its next probe.
        var defines = new Dictionary<string, string>(Defines) { ["DS_PING_INTERVAL"] = "600" };
        await using var proxy = await KamailioProxy.StartDispatcherAsync(_directory, [first.SipPort, second.SipPort], defines);
        var runner = new SippRunner(_directory);

        // A held call fills one node; of two short calls after it, round-robin gives the second to the full node.
        await using var held = runner.Start(Calls(proxy, first, 1) with { CallDuration = TimeSpan.FromSeconds(8) });
        await held.WaitForLogAsync("ANSWERED_AT", Bound);
        var full = nodes.Single(n => n.SipPort == proxy.Dispatched()[0].NodePort);
        var free = nodes.Single(n => n != full);
        var toFree = await runner.RunAsync(Calls(proxy, second, 1));
        Assert.True(toFree.AllCallsSucceeded, toFree.Describe() + "\n" + proxy.LogText());
        // The free node holds a call until it is finalized, a little after its BYE; until then it is full as well.
        await WaitForAsync(async () => (await LiveSessionsAsync(free)).Values.Single() == 0, "the free node did not end its call");
        var failedOver = await runner.RunAsync(Calls(proxy, second, 1));

        Assert.True(failedOver.AllCallsSucceeded, failedOver.Describe() + "\n" + proxy.LogText());
        var log = proxy.LogText();
        Assert.True(log.Contains($"node sip:127.0.0.1:{Text(full.SipPort)} did not take INVITE", StringComparison.Ordinal) && log.Contains("(503)", StringComparison.Ordinal), log);
        Assert.Equal([full.SipPort, free.SipPort, full.SipPort, free.SipPort], proxy.Dispatched().Select(d => d.NodePort));
        var heldResult = await held.WaitForExitAsync();
        Assert.True(heldResult.AllCallsSucceeded, heldResult.Describe());
        await WaitForAsync(() => full.Recordings().Count == 1 && free.Recordings().Count == 2, "the held call and the two short ones were not recorded where they were answered");
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task ANodeDrainedMidLoadLeavesRotationFinishesItsCallsAndUndrainBringsItBack()
    {
        var environment = new Dictionary<string, string> { ["RTP_TIMEOUT"] = "120s" };
        await using var cluster = await TestCluster.StartAsync("drain", environment, "a", "b", "c");
        ServerProcess[] nodes = [cluster["a"], cluster["b"], cluster["c"]];
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        await using var proxy = await KamailioProxy.StartDispatcherAsync(_directory, [.. nodes.Select(n => n.SipPort)], Defines);
        var runner = new SippRunner(_directory);

        // Two calls live on every node, long enough to outlast the drain and the calls placed during it.
        await using var held = runner.Start(Calls(proxy, a, 6) with { ConcurrentCalls = 6, CallDuration = TimeSpan.FromSeconds(10) });
        await WaitForAsync(async () => await LiveSessionsAsync(c) is { Count: 3 } live && live.Values.All(n => n == 2), "the six held calls were not live two per node");

        // Drained through c's API; a refuses probes, so the dispatcher takes it out of rotation with its calls still live.
        var (drained, drainedBody) = await cluster.CallAsync("c", HttpMethod.Post, "/api/nodes/a/drain");
        Assert.True(drained == 200, drainedBody.RootElement.ToString());
        var drainedAt = DateTimeOffset.UtcNow;
        using (var probe = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, a.SipPort), "probe-drained"))
        {
            Assert.StartsWith("SIP/2.0 503 Draining\r\n", (await probe.OptionsAsync()).Headers, StringComparison.Ordinal);
        }

        await proxy.WaitForLogAsync(Bound, $"node sip:127.0.0.1:{Text(a.SipPort)} left rotation");
        Assert.Equal(2, (await LiveSessionsAsync(b))["a"]);

        var duringDrain = proxy.Dispatched().Count;
        var newCalls = await runner.RunAsync(Calls(proxy, b, 4));
        Assert.True(newCalls.AllCallsSucceeded, newCalls.Describe() + "\n" + proxy.LogText());
        var sentDuringDrain = proxy.Dispatched().Skip(duringDrain).Select(d => d.NodePort).ToArray();
        Assert.Equal(4, sentDuringDrain.Length);
        Assert.Equal(new[] { b.SipPort, c.SipPort }.Order(), sentDuringDrain.Distinct().Order());

        var heldResult = await held.WaitForExitAsync();
        Assert.True(heldResult.AllCallsSucceeded, heldResult.Describe() + "\n" + proxy.LogText());
        await WaitForAsync(() => EndedSidecars(a).Count == 2, "the drained node did not finalize its two calls");
        Assert.All(EndedSidecars(a), s => Assert.True(s.Reason == "bye" && s.EndedAt > drainedAt, $"{s.Reason} at {s.EndedAt:O}, drained at {drainedAt:O}"));

        // Undrained through b: a answers probes again and takes its turn.
        var upBefore = proxy.LogText().Length;
        var (undrained, undrainedBody) = await cluster.CallAsync("b", HttpMethod.Post, "/api/nodes/a/undrain");
        Assert.True(undrained == 200, undrainedBody.RootElement.ToString());
        await WaitForAsync(
            () => proxy.LogText()[upBefore..].Contains($"node sip:127.0.0.1:{Text(a.SipPort)} back in rotation", StringComparison.Ordinal),
            "kamailio did not log the undrained node back in rotation");
        var afterUndrain = proxy.Dispatched().Count;
        var backCalls = await runner.RunAsync(Calls(proxy, c, 3));
        Assert.True(backCalls.AllCallsSucceeded, backCalls.Describe() + "\n" + proxy.LogText());
        Assert.Contains(a.SipPort, proxy.Dispatched().Skip(afterUndrain).Select(d => d.NodePort));

        // Every one of the thirteen calls recorded where it was answered, each ended by its BYE.
        await WaitForAsync(() => nodes.Sum(n => EndedSidecars(n).Count) == 13, "not every call was finalized");
        Assert.All(nodes.SelectMany(EndedSidecars), s => Assert.Equal("bye", s.Reason));
        Assert.Equal(3, EndedSidecars(a).Count);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Live sessions by node id, as <paramref name="asking"/> lists them (itself only when it is not in a cluster).</summary>
    private static async Task<Dictionary<string, int>> LiveSessionsAsync(ServerProcess asking)
    {
        using var response = await asking.Http.GetAsync(new Uri("/api/nodes", UriKind.Relative));
        using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(response.IsSuccessStatusCode, list.RootElement.ToString());
        return list.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("sessions").GetInt32(), StringComparer.Ordinal);
    }

    /// <summary>The finalized sidecars under a node's recordings: why and when each call ended.</summary>
    private static List<(string? Reason, DateTimeOffset EndedAt)> EndedSidecars(ServerProcess node)
    {
        var ended = new List<(string?, DateTimeOffset)>();
        foreach (var sidecar in node.Recordings().Select(w => Path.ChangeExtension(w, ".json")).Where(File.Exists))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(sidecar));
            if (json.RootElement.GetProperty("ended_at").ValueKind == JsonValueKind.String)
            {
                ended.Add((json.RootElement.GetProperty("end_reason").GetString(), json.RootElement.GetProperty("ended_at").GetDateTimeOffset()));
            }
        }

        return ended;
    }

    private static async Task AssertSrcPauseReachesTheOwnerAsync(ServerProcess[] nodes, KamailioProxy proxy, SippRunner runner)
    {
        var active = TimeSpan.FromSeconds(1);
        var pause = TimeSpan.FromSeconds(2);
        var run = new SippRun(SippRun.ScenarioPath("uac-siprec-proxied-pause-resume.xml"), proxy.Port, nodes[0].SippPort)
        {
            CallDuration = active,
            Timeout = Bound,
            MediaPort = nodes[0].SippMediaPort,
            Variables = new Dictionary<string, string> { ["pause_ms"] = ((int)pause.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) },
        };
        var sending = active + pause + active;
        var call = await RecordedCall.RunAsync(nodes, runner, run, ports =>
            new RtpSendPlan([
                new RtpStreamPlan(ports[0], AudioFixtures.Tone(440, sending)) { StopAfter = sending },
                new RtpStreamPlan(ports[1], AudioFixtures.Tone(620, sending)) { StopAfter = sending },
            ]));

        Assert.Contains($"<sip:127.0.0.1:{Text(proxy.Port)};lr", Assert.Single(call.Sipp.Logged("RECORD_ROUTE")), StringComparison.Ordinal);
        var owner = nodes.Single(n => call.WavPath.StartsWith(n.RecordingDirectory, StringComparison.Ordinal));
        Assert.Equal(owner.SipPort, proxy.Dispatched()[^1].NodePort);
        using (var sidecar = JsonDocument.Parse(File.ReadAllText(call.SidecarPath)))
        {
            Assert.Equal("bye", sidecar.RootElement.GetProperty("end_reason").GetString());
        }

        // The owner applied the pause: one silence where the re-INVITEs put it.
        var pausedAt = call.Between("ANSWERED_AT", "PAUSED_AT");
        var pausedFor = call.Between("PAUSED_AT", "RESUMED_AT");
        var spans = WavAnalysis.SilentSpans(call.Channel(0), Rate, Window, Gap);
        Assert.True(spans.Count == 1, $"silent spans {string.Join(", ", spans)}; pause {pausedAt} for {pausedFor}");
        Assert.InRange(spans[0].Start, pausedAt - Gap, pausedAt + Gap);
        Assert.InRange(spans[0].Duration, pausedFor - Gap, pausedFor + Gap);
    }

    private static SippRun Calls(KamailioProxy proxy, ServerProcess sippPorts, int count) =>
        new(SippRun.ScenarioPath("uac-siprec-proxied-call.xml"), proxy.Port, sippPorts.SippPort)
        {
            Calls = count,
            ConcurrentCalls = 1,
            CallDuration = TimeSpan.FromMilliseconds(300),
            Timeout = Bound,
            MediaPort = sippPorts.SippMediaPort,
        };

    private static Task WaitForAsync(Func<bool> condition, string failure) => WaitForAsync(() => Task.FromResult(condition()), failure);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string failure)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, failure);
            await Task.Delay(100);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
