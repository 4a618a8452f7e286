using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Testing;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The README's benchmark command with the smallest media, overload and cluster loads instead of its default scenarios:
/// each must run to the end and print its table. No latency or rate is judged; those figures are for a person on an idle
/// machine.
/// </summary>
public sealed class BenchCommandTests
{
    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task BenchCommandRunsATinyMediaScenarioAndPrintsItsTable()
    {
        // Two calls use only the first few ports from --rtp-base (server streams, then the C receiver's); a leased block
        // keeps every other test server off them.
        var stdout = await RunReadmeCommandAsync("media --calls 2 --seconds 1", 50);
        Assert.Contains("| scenario | figure | measured | target | met |", stdout, StringComparison.Ordinal);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| media | ", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(rows, r => r.Contains("aborted", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| media | calls answered / failed | 2 / 0 |", StringComparison.Ordinal));
        foreach (var figure in (string[])["RTP packets/s sent, spread sender (4 streams, 1 s)", "RTP packets/s sent, bursty sender (4 streams, 1 s)", "packets sent / recorded (sidecars, both senders)", "loss", "server CPU-s per million packets, bursty sender", "server RSS per call (above idle)", "C receiver CPU-s per million packets, bursty sender", "server / C receiver CPU per packet, bursty sender"])
            Assert.Contains(rows, r => r.StartsWith($"| media | {figure}", StringComparison.Ordinal));
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task BenchCommandRunsATinyOverloadScenarioAndPrintsItsTable()
    {
        // A given capacity skips the ramp: 20 warm-up calls, one watched call, then 60 calls in one second, four RTP
        // ports each at most.
        var stdout = await RunReadmeCommandAsync("overload --capacity 20 --overload-seconds 1", 4 * 81 + 20);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| overload | ", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(rows, r => r.Contains("aborted", StringComparison.Ordinal) || r.Contains("skipped", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| overload | set-up capacity (given with --capacity) | 20 calls/s |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| overload | calls offered | 60 at 60/s (3 × 20/s for 1 s); SIPp placed 60 in ", StringComparison.Ordinal));

        // Whether calls are answered or refused depends on the machine; that each gets a final answer, that no answered
        // call fails and that every session ends do not.
        Assert.Contains(rows, r => r.StartsWith("| overload | INVITEs with no final answer within timer B (32 s) | 0 (", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| overload | answered calls that then failed (ACK, BYE) | 0 |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| overload | sessions left after the overload and the watched call's BYE | 0; the watched call's BYE answered 200 |", StringComparison.Ordinal));
        foreach (var figure in (string[])["answered 200 / refused 503 / no final answer", "goodput", "503s carrying Retry-After", "GET pause-status of a live call during the overload", "GET /api/sessions during the overload"])
            Assert.Contains(rows, r => r.StartsWith($"| overload | {figure}", StringComparison.Ordinal));
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task BenchCommandRunsATinyMaxCallsScenarioForTheServerAndTheCReceiver()
    {
        // Two steps of at most four calls: the server's ports, then the C receiver's, from the start of --rtp-base.
        var stdout = await RunReadmeCommandAsync("max-calls --steps 2,4 --seconds 1 --warmup 1", 50);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| max-calls | ", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(rows, r => r.Contains("aborted", StringComparison.Ordinal) || r.Contains("not run", StringComparison.Ordinal));
        foreach (var receiver in (string[])["server", "C receiver"])
        {
            // Every step ran (no set-up failure cut it short) and the largest loss-free step was named.
            Assert.Contains(rows, r => r.StartsWith($"| max-calls | {receiver}, 2 calls (4 streams) | ", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.StartsWith($"| max-calls | {receiver}: max calls with < 0.01 % loss | ", StringComparison.Ordinal));
        }
        Assert.Contains(rows, r => r.StartsWith("| max-calls | server / C receiver max calls (same sender, same run) | ", StringComparison.Ordinal));
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task BenchCommandRunsATinyClusterScenarioThroughOneNodeForEveryNodesSessions()
    {
        // Three nodes with two calls each: four RTP ports per call and 100 spare per node, from --rtp-base.
        var stdout = await RunReadmeCommandAsync("cluster --node-calls 2 --ops 10", 3 * (2 * 4 + 100));
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| cluster | ", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(rows, r => r.Contains("aborted", StringComparison.Ordinal) || r.Contains("skipped", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| cluster | live calls answered per node / failed | 2 / 2 / 2 / 0 |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| cluster | sessions listed by n1 per owner node | 2 / 2 / 2 |", StringComparison.Ordinal));

        // Every relayed pause, status and resume was answered 200 by the owner, and every pause-all and resume-all
        // counted every session it covers: behaviour, unlike the latencies, which are not judged here.
        Assert.Contains(rows, r => r.StartsWith("| cluster | answers 200 naming the owner node, own sessions (n1) | 30 of 30 |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| cluster | answers 200 naming the owner node, other nodes' sessions (n2, n3) | 30 of 30 |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| cluster | pause-all and resume-all answers covering every session (cluster, 6 sessions on 3 nodes) | 5 of 5 rounds |", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| cluster | pause-all and resume-all answers covering every session (?scope=node, 2 sessions) | 5 of 5 rounds |", StringComparison.Ordinal));
        foreach (var figure in (string[])["POST pause, other nodes' sessions (n2, n3) (n=10) p50 / p99", "pause-all (cluster, 6 sessions on 3 nodes, 5 rounds)", "resume-all (cluster, 6 sessions on 3 nodes)"])
            Assert.Contains(rows, r => r.StartsWith($"| cluster | {figure}", StringComparison.Ordinal));
    }

    /// <summary>Runs the README's bench command with <paramref name="scenario"/> instead of its scenarios and RTP ports from a leased block; asserts exit 0 and returns its output.</summary>
    private static async Task<string> RunReadmeCommandAsync(string scenario, int rtpPorts)
    {
        var command = Assert.Single(DocumentedCommands.Block("README.md", "bench/Siprec.Bench"));
        var scenarios = command.IndexOf(" -- ", StringComparison.Ordinal);
        Assert.True(scenarios > 0, command);
        using var ports = FreePorts.Lease(rtpPorts);
        var tiny = $"{command[..scenarios]} -- {scenario} --rtp-base {ports.First}";
        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync("bash", ["-c", tiny], workingDirectory: DocumentedCommands.RepositoryRoot, timeout: TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"'{tiny}' exited {exitCode}\n{stdout}\n{stderr}");
        return stdout;
    }
}
