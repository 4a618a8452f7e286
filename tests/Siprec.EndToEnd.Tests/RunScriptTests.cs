using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Testing;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// The README's first command, scripts/run.sh, run as printed from the repository root (ports, loopback address and
/// RECORDING_DIR from the environment, as docs/configuration.md documents), then stopped as a terminal stops it:
/// SIGTERM to every process of its process group.
/// </summary>
public sealed class RunScriptTests : IDisposable
{
    // The script restores and lets dotnet run check the build before the server starts; on a busy two-core machine that can take minutes.
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);

    private readonly TestDirectory _directory = new("run-script");
    private readonly StringBuilder _output = new();

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task RunScriptAnswersHealthAndRecordsACallThenExitsCleanlyOnSigterm()
    {
        var command = Assert.Single(DocumentedCommands.Block("README.md", "scripts/run.sh"));
        Assert.Equal("scripts/run.sh", command);
        using var ports = FreePorts.Lease(20);
        var recordings = Path.Combine(_directory.Path, "recordings");
        using var script = Start(command, ports, recordings);
        var group = 0;
        try
        {
            group = await OwnProcessGroupAsync(script);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[2]}/"), Timeout = TimeSpan.FromSeconds(10) };
            await WaitUntilHealthyAsync(http, script);

            using (var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, ports[0]), "run-script-call-1"))
            {
                Assert.Equal(200, (await call.InviteAsync()).Status);
                call.SendRtp(25);
                Assert.Equal(200, await call.ByeAsync());
            }

            using var sidecar = await EndedSidecar.WaitAsync(recordings, TimeSpan.FromSeconds(10));
            Assert.Equal("run-script-call-1", sidecar.RootElement.GetProperty("call_id").GetString());

            Assert.True(UnixSignal.Send(-group, UnixSignal.Terminate), "the script's process group is gone before SIGTERM");
            using (var stop = new CancellationTokenSource(StopBound))
                await script.WaitForExitAsync(stop.Token);
            Assert.True(script.ExitCode == 0, $"scripts/run.sh exited {script.ExitCode}\n{Output()}");
            Assert.True(await GroupEndsAsync(group), $"a process of the script's group outlived SIGTERM\n{Output()}");
        }
        finally
        {
            if (group != 0)
                UnixSignal.Send(-group, UnixSignal.Kill);
            else if (!script.HasExited)
                script.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => _directory.Dispose();

    private Process Start(string command, PortLease ports, string recordings)
    {
        // setsid gives the script a process group of its own, as a terminal would, so SIGTERM can reach every process of it.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = DocumentedCommands.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            ArgumentList = { "bash", "-c", command },
        };
        var environment = new Dictionary<string, string>
        {
            ["SIP_HOST"] = "127.0.0.1",
            ["HTTP_HOST"] = "127.0.0.1",
            ["SIP_PORT"] = Text(ports[0]),
            ["SIP_TLS_PORT"] = Text(ports[1]),
            ["HTTP_PORT"] = Text(ports[2]),
            ["RTP_PORT_MIN"] = Text(ports[10]),
            ["RTP_PORT_MAX"] = Text(ports.Last),
            ["RECORDING_DIR"] = recordings,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var script = new Process { StartInfo = start };
        script.OutputDataReceived += (_, e) => Append(e.Data);
        script.ErrorDataReceived += (_, e) => Append(e.Data);
        script.Start();
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        return script;
    }

    private async Task WaitUntilHealthyAsync(HttpClient http, Process script)
    {
        var deadline = DateTime.UtcNow + StartBound;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(script.HasExited, $"scripts/run.sh exited with {(script.HasExited ? script.ExitCode : 0)} before /health answered\n{Output()}");
            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                using var health = JsonDocument.Parse(body);
                if (response.StatusCode == HttpStatusCode.OK && health.RootElement.GetProperty("status").GetString() == "ok")
                    return;
                last = $"{(int)response.StatusCode} {body}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"/health was not ok within {StartBound.TotalSeconds} s ({last})\n{Output()}");
    }

    private static async Task<bool> GroupEndsAsync(int group)
    {
        var deadline = DateTime.UtcNow + StopBound;
        while (UnixSignal.Send(-group, UnixSignal.Probe))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(100);
        }

        return true;
    }

    /// <summary>The script's process group once setsid made it its own; until then it is the test host's, never to be signalled.</summary>
    private static async Task<int> OwnProcessGroupAsync(Process script)
    {
        for (var i = 0; i < 100; i++)
        {
            // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so count from its closing parenthesis.
            var stat = await File.ReadAllTextAsync($"/proc/{script.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[2], CultureInfo.InvariantCulture) == script.Id)
                return script.Id;
            await Task.Delay(50);
        }

        throw new InvalidOperationException("setsid did not give the script a process group of its own");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output)
        {
            var text = _output.ToString();
            return text.Length > 6000 ? text[^6000..] : text;
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
