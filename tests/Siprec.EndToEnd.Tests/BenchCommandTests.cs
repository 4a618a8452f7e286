using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Testing;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The README's benchmark command with the smallest media load instead of its default scenarios: it must run to the
/// end and print its table. No figure is judged; the figures are for a person on an idle machine.
/// </summary>
public sealed class BenchCommandTests
{
    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task BenchCommandRunsATinyMediaScenarioAndPrintsItsTable()
    {
        var command = Assert.Single(DocumentedCommands.Block("README.md", "bench/Siprec.Bench"));
        var scenarios = command.IndexOf(" -- ", StringComparison.Ordinal);
        Assert.True(scenarios > 0, command);

        // Two calls use only the first few ports from --rtp-base (server streams, then the C receiver's); a leased block
        // keeps every other test server off them.
        using var ports = FreePorts.Lease(50);
        var tiny = $"{command[..scenarios]} -- media --calls 2 --seconds 1 --rtp-base {ports.First}";
        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync("bash", ["-c", tiny], workingDirectory: DocumentedCommands.RepositoryRoot, timeout: TimeSpan.FromMinutes(3));

        Assert.True(exitCode == 0, $"'{tiny}' exited {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("| scenario | figure | measured | target | met |", stdout, StringComparison.Ordinal);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| media | ", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(rows, r => r.Contains("aborted", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("| media | calls answered / failed | 2 / 0 |", StringComparison.Ordinal));
        foreach (var figure in (string[])["RTP packets/s sent (4 streams, 1 s)", "packets sent / recorded (sidecars)", "loss", "server CPU-s per million packets", "server RSS per call (above idle)", "C receiver"])
            Assert.Contains(rows, r => r.StartsWith($"| media | {figure}", StringComparison.Ordinal));
    }
}
