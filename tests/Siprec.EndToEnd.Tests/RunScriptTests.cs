using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Testing;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The README's first command, scripts/run.sh, run as printed from the root of a fresh checkout with the defaults the
/// README shows (only the loopback address and the ports moved, through the variables of
/// <see cref="RunScriptProcess.Environment"/>), then stopped as a terminal stops it: SIGTERM to every process of its
/// process group.
/// </summary>
[Collection(FreshCheckoutCollection.Name)]
public sealed class RunScriptTests(FreshCheckout checkout)
{
    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task RunScriptRecordsIntoTheRecordingsFolderOfItsWorkingDirectoryThenExitsCleanlyOnSigterm()
    {
        var command = Assert.Single(DocumentedCommands.Block("README.md", "scripts/run.sh"));
        Assert.Equal("scripts/run.sh", command);
        // "recordings in `./recordings`", as the README says of this command, taken from where it runs.
        var recordings = Path.GetFullPath(DocumentedCommands.Inline("README.md", "./recordings"), checkout.Root);
        Assert.False(Directory.Exists(recordings), $"{recordings} exists before the server started");
        using var ports = FreePorts.Lease(20);
        try
        {
            using var script = await RunScriptProcess.StartAsync(command, checkout.Root, ports);
            using (var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, ports[0]), "run-script-call-1"))
            {
                Assert.Equal(200, (await call.InviteAsync()).Status);
                call.SendRtp(25);
                Assert.Equal(200, await call.ByeAsync());
            }

            using var sidecar = await EndedSidecar.WaitAsync(recordings, TimeSpan.FromSeconds(10));
            Assert.Equal("run-script-call-1", sidecar.RootElement.GetProperty("call_id").GetString());
            await WaitUntilIndexedAsync(script.Http, "run-script-call-1");
            Assert.True(File.Exists(Path.Combine(recordings, "index.db")), "the recordings index is not in " + recordings);
            Assert.False(Directory.Exists(Path.Combine(checkout.Root, "src", "Siprec.Server", "recordings")), "the server wrote into its project folder");

            await script.StopAsync();
        }
        finally
        {
            if (Directory.Exists(recordings))
                Directory.Delete(recordings, recursive: true);
        }
    }

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task RunScriptWithCheckConfigNamesTheRecordingsFolderOfItsWorkingDirectory()
    {
        var command = DocumentedCommands.Inline("README.md", "scripts/run.sh --check-config");
        var (exitCode, stdout, stderr) = await ExternalCommand.RunAsync("bash", ["-c", command], workingDirectory: checkout.Root, timeout: TimeSpan.FromMinutes(4.5));
        Assert.True(exitCode == 0, $"'{command}' exited {exitCode}\n{stdout}\n{stderr}");
        var recordings = Path.GetFullPath(DocumentedCommands.Inline("README.md", "./recordings"), checkout.Root);
        Assert.Contains("\nrecording directory: " + recordings + "\n", stdout, StringComparison.Ordinal);
        Assert.EndsWith("configuration OK\n", stdout, StringComparison.Ordinal);
    }

    /// <summary>The index takes a finished call from a background queue; it is listed once the index holds it.</summary>
    private static async Task WaitUntilIndexedAsync(HttpClient http, string callId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await http.GetStringAsync(new Uri("api/recordings?call_id=" + Uri.EscapeDataString(callId), UriKind.Relative));
            using var listing = JsonDocument.Parse(last);
            if (listing.RootElement.GetProperty("count").GetInt32() == 1)
                return;
            await Task.Delay(100);
        }

        Assert.Fail($"{callId} was not indexed within 10 s: {last}");
    }
}
