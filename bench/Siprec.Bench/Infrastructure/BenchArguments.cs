using System.Globalization;

namespace Siprec.Bench.Infrastructure;

/// <summary>The command line: which scenarios to run and how large.</summary>
/// <param name="Scenarios">setup, media, max-calls, pause, cluster-sip and/or cluster.</param>
/// <param name="Calls">Concurrent calls for the hold, media and pause scenarios.</param>
/// <param name="Seconds">Seconds of load (hold time, media sending time).</param>
/// <param name="SetupCalls">Calls placed by the set-up rate test.</param>
/// <param name="SetupRate">Calls per second asked of SIPp in the set-up rate test.</param>
/// <param name="Operations">Sequential pause/resume/status round trips timed.</param>
/// <param name="RtpPortBase">First UDP port of the server's (and the C receiver's) media range.</param>
/// <param name="WarmupSeconds">Seconds of RTP sent before the media figures start counting (JIT tiering, first file writes).</param>
/// <param name="ClusterCalls">Calls placed by the cluster-sip scenario, directly and again through Kamailio.</param>
/// <param name="ClusterRate">Calls per second of the cluster-sip scenario.</param>
/// <param name="NodeCalls">Live calls held on each of the three nodes of the cluster scenario.</param>
/// <param name="Steps">Concurrent calls tried in turn by the max-calls scenario, ascending.</param>
/// <param name="MaxCalls">Largest step the max-calls scenario tries.</param>
/// <param name="Runs">Repeated measurement runs of the pause scenario, each judged on its own.</param>
public sealed record BenchArguments(
    IReadOnlyList<string> Scenarios,
    int Calls,
    int Seconds,
    int SetupCalls,
    int SetupRate,
    int Operations,
    int RtpPortBase,
    int WarmupSeconds,
    int ClusterCalls,
    int ClusterRate,
    int NodeCalls,
    IReadOnlyList<int> Steps,
    int MaxCalls,
    int Runs)
{
    /// <summary>Usage text printed for a bad command line.</summary>
    public const string Usage =
        "usage: Siprec.Bench setup|media|max-calls|pause|all|cluster-sip|cluster [--calls N] [--seconds S] [--setup-calls N] [--rate R] [--ops M] [--runs K] " +
        "[--rtp-base PORT] [--warmup S] [--steps N1,N2,...] [--max-calls N] [--cluster-calls N] [--cluster-rate R] [--node-calls N]";

    /// <summary>Most concurrent calls any scenario may ask for.</summary>
    public const int CallLimit = 5000;

    private static readonly string[] All = ["setup", "media", "max-calls", "pause"];

    // Need Kamailio or Redis and three servers at once, so they run only when named.
    private static readonly string[] Cluster = ["cluster-sip", "cluster"];

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming the bad argument.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var scenarios = new List<string>();
        var result = new BenchArguments([], Calls: 2000, Seconds: 10, SetupCalls: 3000, SetupRate: 500, Operations: 1000, RtpPortBase: 24000, WarmupSeconds: 10,
            ClusterCalls: 600, ClusterRate: 100, NodeCalls: 300, Steps: [1000, 1500, 2000, 2500, 3000], MaxCalls: 3000, Runs: 3);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arg == "all")
                    scenarios.AddRange(All);
                else if (All.Contains(arg) || Cluster.Contains(arg))
                    scenarios.Add(arg);
                else
                    throw new ArgumentException($"unknown scenario '{arg}'");
                continue;
            }
            if (i + 1 >= args.Count)
                throw new ArgumentException($"{arg} needs a value");
            if (arg == "--steps")
            {
                var steps = args[++i].Split(',').Select(t => Bounded(arg, Number(arg, t), 1, CallLimit)).Distinct().Order().ToArray();
                result = result with { Steps = steps };
                continue;
            }
            var value = Number(arg, args[++i]);
            result = arg switch
            {
                "--calls" => result with { Calls = Bounded(arg, value, 1, CallLimit) },
                "--seconds" => result with { Seconds = Bounded(arg, value, 1, 60) },
                "--setup-calls" => result with { SetupCalls = Bounded(arg, value, 1, 20000) },
                "--rate" => result with { SetupRate = Bounded(arg, value, 1, 5000) },
                "--ops" => result with { Operations = Bounded(arg, value, 10, 100000) },
                "--rtp-base" => result with { RtpPortBase = Bounded(arg, value, 1024, 60000) },
                "--warmup" => result with { WarmupSeconds = Bounded(arg, value, 0, 30) },
                "--cluster-calls" => result with { ClusterCalls = Bounded(arg, value, 3, 20000) },
                "--cluster-rate" => result with { ClusterRate = Bounded(arg, value, 3, 5000) },
                "--node-calls" => result with { NodeCalls = Bounded(arg, value, 2, 1000) },
                "--max-calls" => result with { MaxCalls = Bounded(arg, value, 1, CallLimit) },
                "--runs" => result with { Runs = Bounded(arg, value, 1, 20) },
                _ => throw new ArgumentException($"unknown option '{arg}'"),
            };
        }
        if (scenarios.Count == 0)
            throw new ArgumentException("no scenario given");
        // The server's range (four ports per call and spare) must fit below 65536; the C receiver uses half as many.
        var mostCalls = Math.Max(result.Calls, scenarios.Contains("max-calls") ? result.MaxCalls : 0);
        if (result.RtpPortBase + ServerUnderTest.PortsFor(mostCalls) > 65536)
            throw new ArgumentException($"--rtp-base {result.RtpPortBase} leaves too few ports for {mostCalls} calls ({ServerUnderTest.PortsFor(mostCalls)} needed)");
        return result with { Scenarios = scenarios.Distinct().ToArray() };
    }

    private static int Number(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not a whole number");

    private static int Bounded(string name, int value, int min, int max) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{name} must be between {min} and {max}");
}
