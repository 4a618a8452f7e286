using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;

namespace Siprec.Bench.Sip;

/// <summary>
/// Kamailio with the shipped <c>deploy/kamailio/kamailio.cfg</c> on a free 127.0.0.1 UDP port, dispatching over the
/// nodes given; its output, dispatcher list and control socket live in the step's directory. Killed on dispose.
/// </summary>
public sealed class KamailioFront : IAsyncDisposable
{
    private const string Executable = "kamailio";

    private readonly Process _process;
    private readonly FileStream _log;
    private readonly Task _drain;

    private KamailioFront(Process process, int port, string logPath)
    {
        _process = process;
        Port = port;
        _log = File.Create(logPath);
        _drain = Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(Stream.Null), process.StandardError.BaseStream.CopyToAsync(_log));
    }

    /// <summary>The SIP port SBCs (here SIPp) send to.</summary>
    public int Port { get; }

    /// <summary>Where Kamailio is installed (Debian puts it in /usr/sbin), or null.</summary>
    public static string? Locate(string name = Executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin")
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts Kamailio in front of the nodes at 127.0.0.1:<paramref name="nodePorts"/>; returns once its control socket answers.</summary>
    public static async Task<KamailioFront> StartAsync(string directory, IReadOnlyList<int> nodePorts)
    {
        var executable = Locate() ?? throw new InvalidOperationException("kamailio is not installed (Debian package kamailio)");
        var kamcmd = Locate("kamcmd") ?? throw new InvalidOperationException("kamcmd is not installed (Debian package kamailio)");
        Directory.CreateDirectory(directory);
        var list = Path.Combine(directory, "dispatcher.list");
        await File.WriteAllLinesAsync(list, nodePorts.Select((port, i) => $"1 sip:127.0.0.1:{Text(port)} 0 0 duid=n{Text(i + 1)}")).ConfigureAwait(false);
        var control = "unix:" + Path.Combine(directory, "kamailio_ctl");
        var port = LoopbackPorts.Free();
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            "-DD", "-E", "-f", Path.Combine(AppContext.BaseDirectory, "Deploy", "kamailio", "kamailio.cfg"),
            "-l", $"udp:127.0.0.1:{Text(port)}",
            "-A", $"DISPATCHER_LIST=\"{list}\"", "-A", $"CTL_SOCKET=\"{control}\"",
            "-P", Path.Combine(directory, "kamailio.pid"), "-Y", directory, "-m", "128",
        })
        {
            psi.ArgumentList.Add(argument);
        }

        var front = new KamailioFront(Process.Start(psi) ?? throw new InvalidOperationException("kamailio did not start"), port, Path.Combine(directory, "kamailio.log"));
        try
        {
            await front.WaitUntilControlAnswersAsync(kamcmd, control).ConfigureAwait(false);
            return front;
        }
        catch
        {
            await front.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Kills Kamailio and every process it forked.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        await _drain.ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task WaitUntilControlAnswersAsync(string kamcmd, string control)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"kamailio exited with code {_process.ExitCode} at start");
            using var probe = Process.Start(new ProcessStartInfo(kamcmd, ["-s", control, "dispatcher.list"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = probe.StandardOutput.ReadToEndAsync();
            await probe.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await probe.WaitForExitAsync().ConfigureAwait(false);
            await output.ConfigureAwait(false);
            if (probe.ExitCode == 0)
                return;
            await Task.Delay(200).ConfigureAwait(false);
        }
        throw new TimeoutException("kamailio's control socket did not answer within 30 s");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
