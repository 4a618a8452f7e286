using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <c>scripts/run.sh</c> started from a checkout's root as a terminal starts it, in a process group of its own, on
/// loopback ports chosen only through the variables docs/configuration.md lists; stopped as a terminal stops it, with
/// SIGTERM to every process of the group.
/// </summary>
public sealed class RunScriptProcess : IDisposable
{
    // The script restores and lets dotnet run build the server before it starts; from a fresh checkout on a busy
    // two-core machine that takes minutes. Kept under the test run's 5-minute hang timeout (scripts/test.sh), so a
    // slow start fails this test alone instead of aborting the run.
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(4.5);
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);

    private readonly Process _script;
    private readonly StringBuilder _output = new();
    private int _group;

    private RunScriptProcess(string command, string workingDirectory, PortLease ports)
    {
        // setsid gives the script a process group of its own, as a terminal would, so SIGTERM can reach every process of it.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            ArgumentList = { "bash", "-c", command },
        };
        foreach (var (key, value) in Environment(ports))
            start.Environment[key] = value;
        _script = new Process { StartInfo = start };
        _script.OutputDataReceived += (_, e) => Append(e.Data);
        _script.ErrorDataReceived += (_, e) => Append(e.Data);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[2]}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client of the server's HTTP port.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// The only settings the tests change, each a documented variable: both listeners on loopback, and the SIP, SIP TLS,
    /// HTTP and RTP ports moved into <paramref name="ports"/> (offsets 0, 1 and 2, then 10 to the end), since a CI
    /// machine may have something on 5060 or 8080.
    /// </summary>
    public static Dictionary<string, string> Environment(PortLease ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        return new Dictionary<string, string>
        {
            ["SIP_HOST"] = "127.0.0.1",
            ["HTTP_HOST"] = "127.0.0.1",
            ["SIP_PORT"] = Text(ports[0]),
            ["SIP_TLS_PORT"] = Text(ports[1]),
            ["HTTP_PORT"] = Text(ports[2]),
            ["RTP_PORT_MIN"] = Text(ports[10]),
            ["RTP_PORT_MAX"] = Text(ports.Last),
        };
    }

    /// <summary>Starts <paramref name="command"/> in <paramref name="workingDirectory"/> and waits until <c>/health</c> says ok.</summary>
    public static async Task<RunScriptProcess> StartAsync(string command, string workingDirectory, PortLease ports)
    {
        var script = new RunScriptProcess(command, workingDirectory, ports);
        try
        {
            script._script.Start();
            script._script.BeginOutputReadLine();
            script._script.BeginErrorReadLine();
            script._group = await OwnProcessGroupAsync(script._script);
            await script.WaitUntilHealthyAsync();
            return script;
        }
        catch
        {
            script.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGTERM to the script's process group; asserts that the script exits 0 and that no process of the group outlives it.</summary>
    public async Task StopAsync()
    {
        Assert.True(UnixSignal.Send(-_group, UnixSignal.Terminate), "the script's process group is gone before SIGTERM");
        using (var stop = new CancellationTokenSource(StopBound))
            await _script.WaitForExitAsync(stop.Token);
        Assert.True(_script.ExitCode == 0, $"scripts/run.sh exited {_script.ExitCode}\n{Output()}");
        Assert.True(await GroupEndsAsync(_group), $"a process of the script's group outlived SIGTERM\n{Output()}");
    }

    /// <summary>The last lines the script and the server printed.</summary>
    public string Output()
    {
        lock (_output)
        {
            var text = _output.ToString();
            return text.Length > 6000 ? text[^6000..] : text;
        }
    }

    /// <summary>Kills whatever of the group is left.</summary>
    public void Dispose()
    {
        if (_group != 0)
            UnixSignal.Send(-_group, UnixSignal.Kill);
        else if (!_script.HasExited)
            _script.Kill(entireProcessTree: true);
        _script.Dispose();
        Http.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartBound;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_script.HasExited, $"scripts/run.sh exited with {(_script.HasExited ? _script.ExitCode : 0)} before /health answered\n{Output()}");
            try
            {
                using var response = await Http.GetAsync(new Uri("health", UriKind.Relative));
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

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
