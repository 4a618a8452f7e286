using System.Globalization;

namespace Siprec.Bench.Infrastructure;

/// <summary>The command line: which scenarios to run and how large.</summary>
/// <param name="Scenarios">setup, media, max-calls, pause, overload, cluster-sip, cluster and/or hostile.</param>
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
/// <param name="Capacity">Set-up capacity (calls/s) the overload scenario offers a multiple of; 0 measures it first.</param>
/// <param name="OverloadFactor">How many times the capacity the overload scenario offers.</param>
/// <param name="OverloadSeconds">Seconds the overload scenario offers that rate.</param>
/// <param name="HostileSeconds">Seconds of mutated SIP in the hostile scenario's measured round.</param>
/// <param name="HostileRate">Datagrams per second of the hostile scenario.</param>
/// <param name="Seed">Seed of the hostile scenario's mutations, so runs repeat.</param>
/// <param name="ServerEnvironment">Extra environment variables of every server started (such as DOTNET_gcServer=0), given by --server-env.</param>
/// <param name="Steps">Concurrent calls tried in turn by the max-calls scenario, ascending.</param>
/// <param name="MaxCalls">Largest step the max-calls scenario tries.</param>
/// <param name="Runs">Repeated measurement runs of the pause scenario, each judged on its own.</param>
/// <param name="SenderNice">Nice value of the bench's RTP sending threads (0: as the bench; up to 19 stands for SBCs on other machines).</param>
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
    int Capacity,
    int OverloadFactor,
    int OverloadSeconds,
    int HostileSeconds,
    int HostileRate,
    int Seed,
    IReadOnlyDictionary<string, string> ServerEnvironment,
    IReadOnlyList<int> Steps,
    int MaxCalls,
    int Runs,
    int SenderNice)
{
    /// <summary>Usage text printed for a bad command line.</summary>
    public const string Usage =
        "usage: Siprec.Bench setup|media|max-calls|pause|overload|all|cluster-sip|cluster|hostile [--calls N] [--seconds S] [--setup-calls N] [--rate R] [--ops M] [--runs K] " +
        "[--rtp-base PORT] [--warmup S] [--steps N1,N2,...] [--max-calls N] [--cluster-calls N] [--cluster-rate R] [--node-calls N] " +
        "[--capacity R] [--overload-factor F] [--overload-seconds S] [--hostile-seconds S] [--hostile-rate R] [--seed N] [--sender-nice N] [--server-env NAME=VALUE]...";

    /// <summary>Most concurrent calls any scenario may ask for.</summary>
    public const int CallLimit = 5000;

    private static readonly string[] All = ["setup", "media", "max-calls", "pause", "overload"];

    // Need Kamailio or Redis and three servers at once, or minutes of hostile traffic, so they run only when named.
    private static readonly string[] OnlyWhenNamed = ["cluster-sip", "cluster", "hostile"];

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming the bad argument.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var scenarios = new List<string>();
        var result = new BenchArguments([], Calls: 2000, Seconds: 10, SetupCalls: 3000, SetupRate: 500, Operations: 1000, RtpPortBase: 24000, WarmupSeconds: 10,
            ClusterCalls: 600, ClusterRate: 100, NodeCalls: 300, Capacity: 0, OverloadFactor: 3, OverloadSeconds: 10,
            HostileSeconds: 60, HostileRate: 800, Seed: 7865, ServerEnvironment: new Dictionary<string, string>(),
            Steps: [1000, 1500, 2000, 2500, 3000], MaxCalls: 3000, Runs: 3, SenderNice: 0);
        var serverEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arg == "all")
                    scenarios.AddRange(All);
                else if (All.Contains(arg) || OnlyWhenNamed.Contains(arg))
                    scenarios.Add(arg);
                else
                    throw new ArgumentException($"unknown scenario '{arg}'");
                continue;
            }
            if (i + 1 >= args.Count)
                throw new ArgumentException($"{arg} needs a value");
            if (arg == "--server-env")
            {
                var (name, setting) = Setting(args[++i]);
                serverEnvironment[name] = setting;
                continue;
            }
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
                "--capacity" => result with { Capacity = Bounded(arg, value, 0, 5000) },
                "--overload-factor" => result with { OverloadFactor = Bounded(arg, value, 1, 10) },
                "--overload-seconds" => result with { OverloadSeconds = Bounded(arg, value, 1, 60) },
                "--hostile-seconds" => result with { HostileSeconds = Bounded(arg, value, 5, 600) },
                "--hostile-rate" => result with { HostileRate = Bounded(arg, value, 10, 5000) },
                "--seed" => result with { Seed = value },
                "--max-calls" => result with { MaxCalls = Bounded(arg, value, 1, CallLimit) },
                "--runs" => result with { Runs = Bounded(arg, value, 1, 20) },
                "--sender-nice" => result with { SenderNice = Bounded(arg, value, 0, 19) },
                _ => throw new ArgumentException($"unknown option '{arg}'"),
            };
        }
        if (scenarios.Count == 0)
            throw new ArgumentException("no scenario given");
        // The server's range (four ports per call and spare) must fit below 65536; the C receiver uses half as many.
        var mostCalls = Math.Max(result.Calls, scenarios.Contains("max-calls") ? result.MaxCalls : 0);
        if (result.RtpPortBase + ServerUnderTest.PortsFor(mostCalls) > 65536)
            throw new ArgumentException($"--rtp-base {result.RtpPortBase} leaves too few ports for {mostCalls} calls ({ServerUnderTest.PortsFor(mostCalls)} needed)");
        return result with { Scenarios = scenarios.Distinct().ToArray(), ServerEnvironment = serverEnvironment };
    }

    private static int Number(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name}: '{text}' is not a whole number");

    private static (string Name, string Value) Setting(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 ? (text[..equals], text[(equals + 1)..]) : throw new ArgumentException($"--server-env: '{text}' is not NAME=VALUE");
    }

    private static int Bounded(string name, int value, int min, int max) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{name} must be between {min} and {max}");
}
