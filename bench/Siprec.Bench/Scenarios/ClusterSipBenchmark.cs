using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;
using Siprec.Bench.Sip;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// Cluster SIP: three nodes, first hit directly (one SIPp per node, each a third of the rate), then the same load
/// through Kamailio with <c>deploy/kamailio/kamailio.cfg</c> in front (one SIPp, round-robin). Set-ups/s and
/// INVITE→200 p99 of both, side by side, so the figure is what the dispatcher adds.
/// </summary>
public static class ClusterSipBenchmark
{
    private const string Name = "cluster-sip";
    private const int Nodes = 3;
    private const int RtpPortsPerNode = 5000;
    private const int WarmUpCalls = 150;
    private const int WarmUpRate = 50;

    // What one stateful proxy hop on loopback may add to the p99 of a set-up.
    private const double AddedP99TargetMs = 5;

    /// <summary>Runs both measurements against one set of fresh nodes.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SippLoad.IsInstalled() || KamailioFront.Locate() is null)
        {
            context.Figure(Name, "skipped", "sipp and kamailio are needed (Debian packages sip-tester, kamailio)");
            return;
        }

        var args = context.Arguments;
        var scenario = Path.Combine(AppContext.BaseDirectory, "Scenarios", "uac-siprec-load.xml");
        var nodes = new List<ServerUnderTest>();
        try
        {
            for (var i = 0; i < Nodes; i++)
                nodes.Add(await ServerUnderTest.StartAsync(context.ServerDll, context.Step($"cluster-node-{i + 1}"), args.RtpPortBase + RtpPortsPerNode * i, 1000, new Dictionary<string, string>()).ConfigureAwait(false));
            await using var front = await KamailioFront.StartAsync(context.Step("cluster-kamailio"), nodes.Select(n => n.SipPort).ToArray()).ConfigureAwait(false);

            // Through Kamailio, so every node and the proxy are past JIT compilation and first-use allocations.
            var warmBound = TimeSpan.FromSeconds(WarmUpCalls / (double)WarmUpRate + 60);
            var warm = await RunAsync([SippLoad.Start(scenario, context.Step("cluster-warm-up"), front.Port, WarmUpCalls, WarmUpRate, 1000, TimeSpan.Zero, warmBound)], warmBound).ConfigureAwait(false);
            context.Figure(Name, $"warm-up through Kamailio ok / failed (-m {WarmUpCalls} -r {WarmUpRate}, not measured)", $"{warm.Successful} / {warm.Failed}");

            var calls = args.ClusterCalls;
            var rate = args.ClusterRate;
            var bound = TimeSpan.FromSeconds(calls / (double)rate + 60);
            context.Progress.WriteLine($"{Name}: {calls} calls at {rate}/s to the nodes directly, then through Kamailio ...");
            var direct = await RunAsync(
                [.. nodes.Select((node, i) => SippLoad.Start(scenario, context.Step($"cluster-direct-{i + 1}"), node.SipPort, Share(calls, i), Share(rate, i), 1000, TimeSpan.Zero, bound))],
                bound).ConfigureAwait(false);
            var proxied = await RunAsync([SippLoad.Start(scenario, context.Step("cluster-kamailio-load"), front.Port, calls, rate, 1000, TimeSpan.Zero, bound)], bound).ConfigureAwait(false);

            var directLatency = LatencyDistribution.Of(direct.Times);
            var proxiedLatency = LatencyDistribution.Of(proxied.Times);
            context.Figure(Name, $"direct: calls ok / failed (-m {calls} -r {rate}, a third to each node)", $"{direct.Successful} / {direct.Failed}", "0 failed", direct.Failed == 0 && direct.Successful == calls);
            context.Figure(Name, $"via Kamailio: calls ok / failed (-m {calls} -r {rate})", $"{proxied.Successful} / {proxied.Failed}", "0 failed", proxied.Failed == 0 && proxied.Successful == calls);
            context.Figure(Name, "direct: set-ups/s", F(direct.PerSecond, "F0"), $">= {F(rate * 0.95, "F0")}", direct.PerSecond >= rate * 0.95);
            context.Figure(Name, "via Kamailio: set-ups/s", F(proxied.PerSecond, "F0"), $">= {F(rate * 0.95, "F0")}", proxied.PerSecond >= rate * 0.95);
            context.Figure(Name, "direct: INVITE→200 p50 / p99", $"{F(directLatency.P50, "F1")} / {F(directLatency.P99, "F1")} ms (max {F(directLatency.Max, "F0")} ms)");
            context.Figure(Name, "via Kamailio: INVITE→200 p50 / p99", $"{F(proxiedLatency.P50, "F1")} / {F(proxiedLatency.P99, "F1")} ms (max {F(proxiedLatency.Max, "F0")} ms)",
                $"p99 <= direct + {F(AddedP99TargetMs, "F0")} ms", proxiedLatency.P99 <= directLatency.P99 + AddedP99TargetMs);
            context.Figure(Name, "calls recorded per node (warm-up and both runs)", string.Join(" / ", nodes.Select(n => Recordings(n).ToString(CultureInfo.InvariantCulture))));
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Node <paramref name="index"/>'s share of <paramref name="total"/>, the remainder going to the first nodes.</summary>
    private static int Share(int total, int index) => total / Nodes + (index < total % Nodes ? 1 : 0);

    private static async Task<Load> RunAsync(IReadOnlyList<SippLoad> runs, TimeSpan bound)
    {
        try
        {
            var stats = await Task.WhenAll(runs.Select(run => run.WaitAsync(bound))).ConfigureAwait(false);
            // Parallel runs overlap in time, so their rates add up.
            return new Load(stats.Sum(s => s.Successful), stats.Sum(s => s.Failed), [.. stats.SelectMany(s => s.ResponseTimesMs)], stats.Sum(s => s.AnswersPerSecond));
        }
        finally
        {
            foreach (var run in runs)
                await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static int Recordings(ServerUnderTest node) =>
        Directory.Exists(node.RecordingDirectory) ? Directory.GetFiles(node.RecordingDirectory, "*.json", SearchOption.AllDirectories).Length : 0;

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed record Load(long Successful, long Failed, IReadOnlyList<double> Times, double PerSecond);
}
