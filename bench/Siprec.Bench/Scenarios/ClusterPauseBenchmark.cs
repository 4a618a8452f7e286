using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;
using Siprec.Bench.Sip;
using Siprec.Tests.Shared;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// Cluster pause API: redis-server and three nodes, N live calls held on each, every request sent to node n1's API.
/// p50/p99 of sequential pause, pause-status and resume for n1's own sessions and for sessions owned by n2 and n3
/// (relayed through Redis to the owner, which applies them), then the cluster-wide pause-all, resume-all and
/// pause-status over every node, beside the same calls limited to n1 with <c>?scope=node</c>. No RTP is sent: the
/// figures are the control plane's; the pause scenario measures the API with media flowing.
/// </summary>
public static class ClusterPauseBenchmark
{
    private const string Name = "cluster";
    private const int Nodes = 3;
    private const int RtpPortsPerCall = 4;
    private const int RtpSparePorts = 100;
    private const int CallWindow = 20;
    private const int WarmupRounds = 200;
    private const int GlobalRounds = 5;
    private static readonly TimeSpan ListingBound = TimeSpan.FromSeconds(30);

    // Single-node target of the pause scenario.
    private const double LocalP99TargetMs = 2;

    // A relayed command adds a stream append, a published wake-up, the owner's read and its published answer: four
    // loopback Redis hops and two processes to schedule. 20 ms leaves room for a scheduling slice of each of three
    // processes on shared cores and is still far inside the moment between an agent's click and a caller's digits.
    private const double RemoteP99TargetMs = 20;

    // The nodes apply their shares in parallel, so a cluster-wide pause-all is one node's (50 ms target for 1,000
    // sessions, more than any node holds here) plus one relayed command.
    private const double AllTargetMs = 70;

    /// <summary>Runs the scenario against a fresh Redis and three fresh nodes.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!RedisServer.IsInstalled)
        {
            context.Figure(Name, "skipped", "redis-server is needed (Debian package redis-server)");
            return;
        }

        var args = context.Arguments;
        var portsPerNode = args.NodeCalls * RtpPortsPerCall + RtpSparePorts;
        await using var redis = await RedisServer.StartAsync().ConfigureAwait(false);
        var nodes = new List<ServerUnderTest>();
        var clients = new List<SiprecCallClient>();
        var calls = new List<IReadOnlyList<AnsweredCall>>();
        try
        {
            for (var i = 0; i < Nodes; i++)
            {
                var rtpBase = args.RtpPortBase + portsPerNode * i;
                var environment = new Dictionary<string, string>
                {
                    ["RTP_PORT_MAX"] = (rtpBase + portsPerNode - 1).ToString(CultureInfo.InvariantCulture),
                    ["CLUSTER_REDIS_URL"] = redis.Url,
                    ["CLUSTER_NODE_ID"] = NodeId(i),
                    // No RTP is sent, so calls must outlive the run without it; and a run cut short must not wait
                    // out a long drain when the nodes are stopped.
                    ["RTP_TIMEOUT"] = "600s",
                    ["SHUTDOWN_DRAIN_TIMEOUT"] = "2s",
                };
                nodes.Add(await ServerUnderTest.StartAsync(context.ServerDll, context.Step($"cluster-{NodeId(i)}"), rtpBase, args.NodeCalls, environment).ConfigureAwait(false));
            }

            context.Progress.WriteLine($"{Name}: placing {args.NodeCalls} calls on each of {Nodes} nodes ...");
            var senderPort = LoopbackPorts.Free();
            var failed = 0;
            for (var i = 0; i < Nodes; i++)
            {
                var client = new SiprecCallClient(nodes[i].SipPort);
                clients.Add(client);
                var (answered, notAnswered) = await client.PlaceCallsAsync(args.NodeCalls, CallWindow, senderPort, NodeId(i)).ConfigureAwait(false);
                calls.Add(answered);
                failed += notAnswered;
            }
            context.Figure(Name, "live calls answered per node / failed", $"{Joined(calls.Select(c => c.Count))} / {failed}", "0 failed", failed == 0);
            if (calls.Any(c => c.Count == 0))
                return;

            var total = calls.Sum(c => c.Count);
            var listed = await WaitForListingAsync(nodes[0].Http, total).ConfigureAwait(false);
            context.Figure(Name, $"sessions listed by {NodeId(0)} per owner node", Joined(Enumerable.Range(0, Nodes).Select(i => listed.GetValueOrDefault(NodeId(i)))),
                Joined(calls.Select(c => c.Count)), Enumerable.Range(0, Nodes).All(i => listed.GetValueOrDefault(NodeId(i)) == calls[i].Count));

            var http = nodes[0].Http;
            var local = calls[0].Select(c => new Target(c.CallId, NodeId(0))).ToArray();
            var remote = Interleaved(calls.Skip(1).Select((owned, i) => owned.Select(c => new Target(c.CallId, NodeId(i + 1))).ToArray())).ToArray();

            // Warm-up, not measured: every timed request kind on every node, so the figures describe nodes past JIT
            // tiering and a warm Redis connection rather than their first requests.
            context.Progress.WriteLine($"{Name}: API warm-up ...");
            var discard = new Rounds();
            for (var i = 0; i < WarmupRounds; i++)
            {
                await discard.RunAsync(http, local[i % local.Length]).ConfigureAwait(false);
                await discard.RunAsync(http, remote[i % remote.Length]).ConfigureAwait(false);
                if (i % 50 == 0)
                {
                    await TimedRequest.SendSuccessfulAsync(http, HttpMethod.Post, "api/sessions/pause-all").ConfigureAwait(false);
                    await TimedRequest.SendSuccessfulAsync(http, HttpMethod.Post, "api/sessions/resume-all").ConfigureAwait(false);
                }
            }

            context.Progress.WriteLine($"{Name}: {args.Operations} pause/status/resume rounds each on {NodeId(0)}'s own and on other nodes' sessions, all through {NodeId(0)} ...");
            var own = new Rounds();
            var relayed = new Rounds();
            for (var i = 0; i < args.Operations; i++)
            {
                await own.RunAsync(http, local[i % local.Length]).ConfigureAwait(false);
                await relayed.RunAsync(http, remote[i % remote.Length]).ConfigureAwait(false);
            }
            own.Report(context, $"own sessions ({NodeId(0)})", LocalP99TargetMs);
            relayed.Report(context, $"other nodes' sessions ({NodeId(1)}, {NodeId(2)})", RemoteP99TargetMs);

            await AllRoundsAsync(context, http, "", total, AllTargetMs).ConfigureAwait(false);
            await AllRoundsAsync(context, http, "?scope=node", calls[0].Count, null).ConfigureAwait(false);
        }
        finally
        {
            for (var i = 0; i < clients.Count; i++)
            {
                if (i < calls.Count)
                    await clients[i].HangUpAsync(calls[i], CallWindow).ConfigureAwait(false);
                await clients[i].DisposeAsync().ConfigureAwait(false);
            }
            foreach (var node in nodes)
                await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>pause-all, pause-status of all and resume-all, <see cref="GlobalRounds"/> times, each answer checked for <paramref name="expected"/> sessions.</summary>
    private static async Task AllRoundsAsync(BenchContext context, HttpClient http, string query, int expected, double? targetMs)
    {
        var scope = query.Length == 0 ? $"cluster, {expected} sessions on {Nodes} nodes" : $"{query}, {expected} sessions";
        var pauseAll = new List<double>();
        var statusAll = new List<double>();
        var resumeAll = new List<double>();
        var complete = 0;
        for (var i = 0; i < GlobalRounds; i++)
        {
            var paused = await TimedRequest.SendSuccessfulAsync(http, HttpMethod.Post, "api/sessions/pause-all" + query).ConfigureAwait(false);
            var statuses = await TimedRequest.SendSuccessfulAsync(http, HttpMethod.Get, "api/sessions/pause-status" + query).ConfigureAwait(false);
            var resumed = await TimedRequest.SendSuccessfulAsync(http, HttpMethod.Post, "api/sessions/resume-all" + query).ConfigureAwait(false);
            pauseAll.Add(paused.Milliseconds);
            statusAll.Add(statuses.Milliseconds);
            resumeAll.Add(resumed.Milliseconds);
            if (Count(paused.Body) == expected && Count(resumed.Body) == expected)
                complete++;
        }
        var pa = LatencyDistribution.Of(pauseAll);
        var value = $"max {F(pa.Max)} ms, median {F(pa.P50)} ms";
        if (targetMs is double target)
            context.Figure(Name, $"pause-all ({scope}, {GlobalRounds} rounds)", value, $"< {F(target, "F0")} ms", pa.Max < target);
        else
            context.Figure(Name, $"pause-all ({scope}, {GlobalRounds} rounds)", value);
        context.Figure(Name, $"resume-all ({scope})", Summary(resumeAll));
        context.Figure(Name, $"GET pause-status of all ({scope})", Summary(statusAll));
        context.Figure(Name, $"pause-all and resume-all answers covering every session ({scope})", $"{complete} of {GlobalRounds} rounds", $"{GlobalRounds} of {GlobalRounds}", complete == GlobalRounds);
    }

    /// <summary>Polls <c>GET /api/sessions</c> until it lists <paramref name="total"/> sessions (directory writes are asynchronous); sessions per owner node.</summary>
    private static async Task<Dictionary<string, int>> WaitForListingAsync(HttpClient http, int total)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var listing = await TimedRequest.SendSuccessfulAsync(http, HttpMethod.Get, "api/sessions").ConfigureAwait(false);
            using var document = JsonDocument.Parse(listing.Body);
            var perNode = document.RootElement.GetProperty("sessions").EnumerateArray()
                .GroupBy(s => s.TryGetProperty("node", out var node) ? node.GetString() ?? "" : "", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            if (perNode.Values.Sum() >= total || waited.Elapsed > ListingBound)
                return perNode;
            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    private static IEnumerable<Target> Interleaved(IEnumerable<Target[]> lists)
    {
        var all = lists.ToArray();
        for (var i = 0; i < all.Max(l => l.Length); i++)
        {
            foreach (var list in all.Where(l => i < l.Length))
                yield return list[i];
        }
    }

    private static int Count(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("count", out var count) ? count.GetInt32() : -1;
    }

    private static string Summary(List<double> samples)
    {
        var d = LatencyDistribution.Of(samples);
        return $"max {F(d.Max)} ms, median {F(d.P50)} ms";
    }

    private static string NodeId(int index) => "n" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private static string Joined(IEnumerable<int> values) => string.Join(" / ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A live call and the node that owns it.</summary>
    private sealed record Target(string CallId, string Owner);

    /// <summary>Timed pause, pause-status and resume rounds, and how many answers came with 200 from the owner node.</summary>
    private sealed class Rounds
    {
        private readonly List<double> _pause = [];
        private readonly List<double> _status = [];
        private readonly List<double> _resume = [];
        private int _fromOwner;

        /// <summary>Pause, status, resume of <paramref name="target"/>; a 202 (owner too slow to answer) is counted, not thrown.</summary>
        public async Task RunAsync(HttpClient http, Target target)
        {
            var id = Uri.EscapeDataString(target.CallId);
            foreach (var (method, action, samples) in new[] { (HttpMethod.Post, "pause", _pause), (HttpMethod.Get, "pause-status", _status), (HttpMethod.Post, "resume", _resume) })
            {
                var answer = await TimedRequest.SendAsync(http, method, $"api/sessions/{id}/{action}").ConfigureAwait(false);
                samples.Add(answer.Milliseconds);
                if (answer.Status == 200 && Node(answer.Body) == target.Owner)
                    _fromOwner++;
            }
        }

        /// <summary>Adds the p50/p99 of each kind against <paramref name="p99TargetMs"/>, and the owner check.</summary>
        public void Report(BenchContext context, string sessions, double p99TargetMs)
        {
            foreach (var (kind, samples) in new[] { ("POST pause", _pause), ("POST resume", _resume), ("GET pause-status", _status) })
            {
                var d = LatencyDistribution.Of(samples);
                context.Figure(Name, $"{kind}, {sessions} (n={d.Count}) p50 / p99", $"{F(d.P50)} / {F(d.P99)} ms", $"p99 < {F(p99TargetMs, "F0")} ms", d.P99 < p99TargetMs);
            }
            var answers = _pause.Count + _status.Count + _resume.Count;
            context.Figure(Name, $"answers 200 naming the owner node, {sessions}", $"{_fromOwner} of {answers}", "all", _fromOwner == answers);
        }

        private static string? Node(byte[] body)
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("node", out var node) ? node.GetString() : null;
        }
    }
}
