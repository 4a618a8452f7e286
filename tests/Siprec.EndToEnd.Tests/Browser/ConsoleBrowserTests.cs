using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests.Browser;

/// <summary>
/// Drives the web console in headless Chromium (playwright-core) against real servers: it must list a live call, name
/// its node only in a cluster, pause it, list the nodes and drain and undrain one, refuse a drain plainly to a key
/// without the admin scope, and say in its transcript pane that transcription is off when no speech provider is
/// configured. Fails, never skips, when node or chromium is missing; <c>scripts/install-deps.sh test</c> installs them.
/// </summary>
public sealed class ConsoleBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string OperatorKey = "console-operator-key";
    private const string ReadOnlyKey = "console-read-only-key";

    [Fact]
    public async Task SingleNodeConsoleShowsALiveCallPausesItAndDrainsTheNode()
    {
        using var directory = new TestDirectory("console");
        await using var server = await ServerProcess.StartAsync(directory, new ServerProcessOptions { Environment = ServerEnvironment(directory) });
        using var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "console-call-1");
        Assert.Equal(200, (await call.InviteAsync()).Status);
        call.SendRtp(10);
        using var nodes = await GetAsync(server, "/api/nodes");
        var self = Assert.Single(nodes.RootElement.GetProperty("nodes").EnumerateArray()).GetProperty("id").GetString()!;

        var output = await RunConsoleAsync(server, "console-call-1", "console.png", "-", [self], self);

        Assert.Contains("\"node\":\"-\"", output, StringComparison.Ordinal);
        await AssertPausedAndNodeActiveAsync(server, "console-call-1", self);
        Assert.Equal(200, await call.ByeAsync());
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task ConsoleOfAnotherNodeNamesTheCallsNodeAndDrainsIt()
    {
        using var keys = new TestDirectory("console-cluster-keys");
        await using var cluster = await TestCluster.StartAsync("console-cluster", ServerEnvironment(keys), "a", "b");
        using var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, cluster["a"].SipPort), "console-cluster-call");
        Assert.Equal(200, (await call.InviteAsync()).Status);
        call.SendRtp(10);

        var output = await RunConsoleAsync(cluster["b"], "console-cluster-call", "console-cluster.png", "a", ["a", "b"], "a");

        Assert.Contains("\"node\":\"a\"", output, StringComparison.Ordinal);
        Assert.Contains("\"nodes\":[\"a\",\"b\"]", output, StringComparison.Ordinal);
        await AssertPausedAndNodeActiveAsync(cluster["a"], "console-cluster-call", "a");
        Assert.Equal(200, await call.ByeAsync());
    }

    /// <summary>Keys: an operator's (read, pause, admin) and a read-only one, in a keys file in <paramref name="directory"/>.</summary>
    private static Dictionary<string, string> ServerEnvironment(TestDirectory directory)
    {
        var keysFile = directory.File("api-keys.json");
        File.WriteAllText(keysFile, $$"""
            [
              {"id": "operator", "key": "{{OperatorKey}}", "scopes": ["read", "pause", "pause_all", "admin"]},
              {"id": "viewer", "key": "{{ReadOnlyKey}}", "scopes": ["read"]}
            ]
            """);
        return new Dictionary<string, string>
        {
            ["HTTP_HOST"] = "127.0.0.1",
            ["RTP_TIMEOUT"] = "60s",
            ["PAUSE_RESUME_REQUIRE_AUTH"] = "true",
            ["API_KEYS_FILE"] = keysFile,
        };
    }

    /// <summary>Runs console-test.mjs against <paramref name="server"/>'s page; its output once it passed with the common checks.</summary>
    private static async Task<string> RunConsoleAsync(
        ServerProcess server, string sessionId, string screenshotName, string sessionNode, string[] nodeIds, string drainNode)
    {
        var repository = RepositoryRoot();
        var scriptDirectory = Path.Combine(repository, "tests", "Siprec.EndToEnd.Tests", "Browser");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/install-deps.sh test");
        if (!Directory.Exists(Path.Combine(scriptDirectory, "node_modules", "playwright-core")))
        {
            var (npmExit, npmOutput) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], scriptDirectory, TimeSpan.FromMinutes(3));
            Assert.True(npmExit == 0, "npm ci failed: " + npmOutput);
        }

        var results = Path.Combine(repository, "test-results");
        Directory.CreateDirectory(results);
        var screenshot = Path.Combine(results, screenshotName);
        var (exit, output) = await RunAsync(
            "node",
            ["console-test.mjs", $"http://127.0.0.1:{server.HttpPort}", sessionId, screenshot, OperatorKey, ReadOnlyKey, sessionNode, string.Join(',', nodeIds), drainNode],
            scriptDirectory,
            TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, "browser script failed:\n" + output + "\nserver log:\n" + server.LogTail(30));
        Assert.Contains("\"after\":\"paused (recording) by api\"", output, StringComparison.Ordinal);
        Assert.Contains("\"drained\":{\"state\":\"draining\",\"refusing\":\"Draining\"},\"undrained\":\"active\"", output, StringComparison.Ordinal);
        Assert.Contains("\"refused\":\"This API key may not drain or undrain nodes (HTTP 403: API key lacks the 'admin' scope).\"", output, StringComparison.Ordinal);
        Assert.Contains("\"transcript\":\"transcription is off: set STT_PROVIDER to one of deepgram,", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 0);
        return output;
    }

    /// <summary>What the page did, as the API of the owner node sees it: the pause it sent, and the node undrained after the refused drain.</summary>
    private static async Task AssertPausedAndNodeActiveAsync(ServerProcess owner, string sessionId, string node)
    {
        using var status = await GetAsync(owner, $"/api/sessions/{sessionId}/pause-status");
        Assert.True(status.RootElement.GetProperty("recording_paused").GetBoolean());
        Assert.False(status.RootElement.GetProperty("transcription_paused").GetBoolean());
        Assert.Equal("api", status.RootElement.GetProperty("pause_source").GetString());
        using var nodes = await GetAsync(owner, "/api/nodes?scope=node");
        var entry = Assert.Single(nodes.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal((node, "active"), (entry.GetProperty("id").GetString(), entry.GetProperty("state").GetString()));
    }

    private static async Task<JsonDocument> GetAsync(ServerProcess server, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-API-Key", OperatorKey);
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Siprec.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root (Siprec.sln) not found above the test output");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan bound)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        psi.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        psi.Environment["no_proxy"] = "127.0.0.1,localhost";
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"{fileName} is not installed ({ex.Message}): run scripts/install-deps.sh test");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(bound);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{fileName} did not finish within {bound}: {await stdout}{await stderr}");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
