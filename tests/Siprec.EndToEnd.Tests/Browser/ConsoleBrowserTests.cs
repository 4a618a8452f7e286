using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests.Browser;

/// <summary>
/// Drives the web console in headless Chromium (playwright-core): it must list a live call and pause it, and say in its
/// transcript pane that transcription is off when no speech provider is configured. Fails, never
/// skips, when node or chromium is missing; <c>scripts/install-deps.sh test</c> installs them.
/// </summary>
public sealed class ConsoleBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task ConsoleShowsALiveCallAndPausesIt()
    {
        var repository = RepositoryRoot();
        var scriptDirectory = Path.Combine(repository, "tests", "Siprec.EndToEnd.Tests", "Browser");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/install-deps.sh test");
        if (!Directory.Exists(Path.Combine(scriptDirectory, "node_modules", "playwright-core")))
        {
            var (npmExit, npmOutput) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], scriptDirectory, TimeSpan.FromMinutes(3));
            Assert.True(npmExit == 0, "npm ci failed: " + npmOutput);
        }

        using var directory = new TestDirectory("console");
        await using var server = await ServerProcess.StartAsync(directory, new ServerProcessOptions
        {
            Environment = new Dictionary<string, string> { ["HTTP_HOST"] = "127.0.0.1", ["RTP_TIMEOUT"] = "30s" },
        });
        using var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "console-call-1");
        Assert.Equal(200, (await call.InviteAsync()).Status);
        call.SendRtp(10);

        var results = Path.Combine(repository, "test-results");
        Directory.CreateDirectory(results);
        var screenshot = Path.Combine(results, "console.png");
        var (exit, output) = await RunAsync(
            "node", ["console-test.mjs", $"http://127.0.0.1:{server.HttpPort}", "console-call-1", screenshot], scriptDirectory, TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, "browser script failed:\n" + output + "\nserver log:\n" + server.LogTail(30));
        Assert.Contains("\"after\":\"paused (recording) by api\"", output, StringComparison.Ordinal);
        Assert.Contains("\"transcript\":\"transcription is off: set STT_PROVIDER to one of deepgram,", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 0);
        using var status = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("/api/sessions/console-call-1/pause-status", UriKind.Relative)));
        Assert.True(status.RootElement.GetProperty("recording_paused").GetBoolean());
        Assert.False(status.RootElement.GetProperty("transcription_paused").GetBoolean());
        Assert.Equal("api", status.RootElement.GetProperty("pause_source").GetString());
        Assert.Equal(200, await call.ByeAsync());
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
