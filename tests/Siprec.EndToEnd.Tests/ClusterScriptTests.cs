using System.Globalization;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Testing;
using Siprec.Tests.Shared;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// <c>scripts/cluster.sh</c> as docs/cluster.md runs it, on leased loopback ports: <c>up</c> starts Redis, PostgreSQL,
/// three nodes and Kamailio, a call through Kamailio is recorded by a node and listed with that node through every
/// node, <c>status</c> shows everything running and in rotation, and <c>down</c> leaves no process behind.
/// </summary>
public sealed class ClusterScriptTests : IDisposable
{
    private const int RtpPortsPerNode = 20;
    private static readonly string[] Nodes = ["a", "b", "c"];
    private static readonly TimeSpan ScriptBound = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan IndexBound = TimeSpan.FromSeconds(15);

    private readonly TestDirectory _directory = new("cluster-script");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task UpStartsAClusterThatRecordsACallThroughKamailioListedByEveryNodeStatusShowsItAndDownLeavesNoProcess()
    {
        Assert.True(RedisServer.IsInstalled && KamailioProxy.Locate() is not null && PostgresServer.MissingReason is null,
            "redis-server, kamailio and postgresql are needed: scripts/install-deps.sh test");
        using var ports = FreePorts.Lease(17 + 3 * RtpPortsPerNode);
        var environment = Environment(ports);
        var pids = new List<int>();
        try
        {
            var up = await ClusterAsync("up", environment);
            Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
            Assert.Contains($"send SIP to 127.0.0.1:{Text(ports[0])}", up.Stdout, StringComparison.Ordinal);
            pids.AddRange(Directory.GetFiles(Path.Combine(_directory.Path, "pids"), "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim(), CultureInfo.InvariantCulture)));
            Assert.Equal(6, pids.Count);

            var media = ports.First % 2 == 0 ? 12 : 13;
            var run = new SippRun(SippRun.ScenarioPath("uac-siprec-proxied-call.xml"), ports[0], ports[11]) { MediaPort = ports[media], Timeout = ScriptBound };
            var call = await new SippRunner(_directory).RunAsync(run);
            Assert.True(call.AllCallsSucceeded, call.Describe());
            Assert.Contains($"<sip:127.0.0.1:{Text(ports[0])};lr", Assert.Single(call.Logged("RECORD_ROUTE")), StringComparison.Ordinal);
            using (var sidecar = await EndedSidecar.WaitAsync(_directory.Path, TimeSpan.FromSeconds(15)))
            {
                Assert.Equal("bye", sidecar.RootElement.GetProperty("end_reason").GetString());
            }

            var recordedOn = Assert.Single(Nodes, node => Directory.EnumerateFiles(Path.Combine(_directory.Path, node), "*.wav", SearchOption.AllDirectories).Any());
            for (var i = 0; i < Nodes.Length; i++)
                Assert.Equal(new[] { recordedOn }, await ListedNodesAsync(ports[8 + i]));

            var status = await ClusterAsync("status", environment);
            Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
            foreach (var name in Nodes.Append("redis").Append("postgres").Append("kamailio"))
                Assert.Contains($"{name}: running", status.Stdout, StringComparison.Ordinal);
            Assert.Contains($"postgres: recordings index postgres://postgres@127.0.0.1:{Text(ports.Last)}/siprec", status.Stdout, StringComparison.Ordinal);
            Assert.Equal(3, status.Stdout.Split('\n').Count(line => line.StartsWith("kamailio: node ", StringComparison.Ordinal) && line.Contains(" in rotation", StringComparison.Ordinal)));

            var down = await ClusterAsync("down", environment);
            Assert.True(down.ExitCode == 0, down.Stdout + down.Stderr);
            Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{Text(pid)}"), $"process {pid} is still there after down"));
            var after = await ClusterAsync("status", environment);
            Assert.Equal(6, after.Stdout.Split('\n').Count(line => line.EndsWith(": stopped", StringComparison.Ordinal)));
        }
        finally
        {
            await ClusterAsync("down", environment);
        }
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>The node of each recording the node on <paramref name="httpPort"/> lists, once it lists any (the index is written after the sidecar).</summary>
    private static async Task<string[]> ListedNodesAsync(int httpPort)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Text(httpPort)}/"), Timeout = TimeSpan.FromSeconds(10) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/recordings", UriKind.Relative)));
            var nodes = list.RootElement.GetProperty("recordings").EnumerateArray().Select(r => r.GetProperty("node").GetString() ?? "(none)").ToArray();
            if (nodes.Length > 0 || clock.Elapsed > IndexBound)
                return nodes;
            await Task.Delay(200);
        }
    }

    /// <summary>Kamailio at offset 0, Redis 1, nodes' SIP and TLS 2 to 7, HTTP 8 to 10, SIPp 11, SIPp media 12 or 13, RTP from 16 to 75, PostgreSQL 76.</summary>
    private Dictionary<string, string> Environment(PortLease ports) => new()
    {
        ["CLUSTER_DIR"] = _directory.Path,
        ["CLUSTER_SIP_PORT"] = Text(ports[0]),
        ["CLUSTER_REDIS_PORT"] = Text(ports[1]),
        ["CLUSTER_POSTGRES_PORT"] = Text(ports.Last),
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
