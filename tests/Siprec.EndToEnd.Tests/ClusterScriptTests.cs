using System.Globalization;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Testing;
using Siprec.Tests.Shared;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// <c>scripts/cluster.sh</c> as docs/cluster.md runs it, on leased loopback ports: <c>up</c> starts Redis, three nodes and
/// Kamailio, a call through Kamailio is recorded by a node, <c>status</c> shows everything running and in rotation, and
/// <c>down</c> leaves no process behind.
/// </summary>
public sealed class ClusterScriptTests : IDisposable
{
    private const int RtpPortsPerNode = 20;
    private static readonly string[] Nodes = ["a", "b", "c"];
    private static readonly TimeSpan ScriptBound = TimeSpan.FromMinutes(2);

    private readonly TestDirectory _directory = new("cluster-script");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task UpStartsAClusterThatRecordsACallThroughKamailioStatusShowsItAndDownLeavesNoProcess()
    {
        Assert.True(RedisServer.IsInstalled && KamailioProxy.Locate() is not null, "redis-server and kamailio are needed: scripts/install-deps.sh test");
        using var ports = FreePorts.Lease(16 + 3 * RtpPortsPerNode);
        var environment = Environment(ports);
        var pids = new List<int>();
        try
        {
            var up = await ClusterAsync("up", environment);
            Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
            Assert.Contains($"send SIP to 127.0.0.1:{Text(ports[0])}", up.Stdout, StringComparison.Ordinal);
            pids.AddRange(Directory.GetFiles(Path.Combine(_directory.Path, "pids"), "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture)));
            Assert.Equal(5, pids.Count);

            var media = ports.First % 2 == 0 ? 12 : 13;
            var run = new SippRun(SippRun.ScenarioPath("uac-siprec-proxied-call.xml"), ports[0], ports[11]) { MediaPort = ports[media], Timeout = ScriptBound };
            var call = await new SippRunner(_directory).RunAsync(run);
            Assert.True(call.AllCallsSucceeded, call.Describe());
            Assert.Contains($"<sip:127.0.0.1:{Text(ports[0])};lr", Assert.Single(call.Logged("RECORD_ROUTE")), StringComparison.Ordinal);
            using (var sidecar = await EndedSidecar.WaitAsync(_directory.Path, TimeSpan.FromSeconds(15)))
            {
                Assert.Equal("bye", sidecar.RootElement.GetProperty("end_reason").GetString());
            }

            var status = await ClusterAsync("status", environment);
            Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
            foreach (var name in Nodes.Append("redis").Append("kamailio"))
                Assert.Contains($"{name}: running", status.Stdout, StringComparison.Ordinal);
            Assert.Equal(3, status.Stdout.Split('\n').Count(line => line.StartsWith("kamailio: node ", StringComparison.Ordinal) && line.Contains(" in rotation", StringComparison.Ordinal)));

            var down = await ClusterAsync("down", environment);
            Assert.True(down.ExitCode == 0, down.Stdout + down.Stderr);
            Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{Text(pid)}"), $"process {pid} is still there after down"));
            var after = await ClusterAsync("status", environment);
            Assert.Equal(5, after.Stdout.Split('\n').Count(line => line.EndsWith(": stopped", StringComparison.Ordinal)));
        }
        finally
        {
            await ClusterAsync("down", environment);
        }
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Kamailio at offset 0, Redis 1, nodes' SIP and TLS 2 to 7, HTTP 8 to 10, SIPp 11, SIPp media 12 or 13, RTP from 16.</summary>
    private Dictionary<string, string> Environment(PortLease ports) => new()
    {
        ["CLUSTER_DIR"] = _directory.Path,
        ["CLUSTER_SIP_PORT"] = Text(ports[0]),
        ["CLUSTER_REDIS_PORT"] = Text(ports[1]),
        ["CLUSTER_NODE_SIP_PORT"] = Text(ports[2]),
        ["CLUSTER_NODE_HTTP_PORT"] = Text(ports[8]),
        ["CLUSTER_RTP_PORT"] = Text(ports[16]),
        ["CLUSTER_RTP_PORTS"] = Text(RtpPortsPerNode),
        ["CLUSTER_SERVER_DLL"] = Path.Combine(AppContext.BaseDirectory, "siprec.dll"),
    };

    private static Task<(int ExitCode, string Stdout, string Stderr)> ClusterAsync(string command, Dictionary<string, string> environment) =>
        ExternalCommand.RunAsync("bash", ["scripts/cluster.sh", command], environment, DocumentedCommands.RepositoryRoot, ScriptBound);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
