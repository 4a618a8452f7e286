using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Kamailio (Debian's <c>kamailio</c>) in the foreground on a leased 127.0.0.1 UDP port: either <c>Proxy/kamailio.cfg</c>,
/// a record-routing proxy that sends new dialogs to one recorder, or the shipped <c>deploy/kamailio/kamailio.cfg</c>
/// dispatching over several nodes. Its pid file, runtime directory, control socket and log live in the test directory;
/// it is stopped on dispose, killed if it does not stop.
/// </summary>
public sealed partial class KamailioProxy : IAsyncDisposable
{
    /// <summary>Name of the Kamailio executable.</summary>
    public const string Executable = "kamailio";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly PortLease _ports;
    private readonly ProcessLogFile _log;

    private KamailioProxy(Process process, PortLease ports, ProcessLogFile log)
    {
        _process = process;
        _ports = ports;
        _log = log;
    }

    /// <summary>The proxy's SIP port (UDP) on 127.0.0.1.</summary>
    public int Port => _ports[0];

    /// <summary>File holding Kamailio's output.</summary>
    public string LogPath => _log.Path;

    /// <summary>The full path of Kamailio, or null when it is not installed (Debian puts it in /usr/sbin).</summary>
    public static string? Locate() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin")
            .Select(directory => Path.Combine(directory, Executable))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts the proxy in front of the recorder at 127.0.0.1:<paramref name="recorderPort"/>; returns once it answers SIP.</summary>
    public static Task<KamailioProxy> StartAsync(TestDirectory directory, int recorderPort) =>
        StartAsync(directory, Path.Combine(AppContext.BaseDirectory, "Proxy", "kamailio.cfg"), new Dictionary<string, string>
        {
            ["SRS_URI"] = Quoted($"sip:127.0.0.1:{Text(recorderPort)}"),
        });

    /// <summary>
    /// Starts the shipped dispatcher configuration in front of the nodes at 127.0.0.1:<paramref name="nodePorts"/> (set 1,
    /// in this order, duid n1, n2...), with <paramref name="defines"/> overriding its defaults; returns once it answers SIP.
    /// </summary>
    public static Task<KamailioProxy> StartDispatcherAsync(TestDirectory directory, IReadOnlyList<int> nodePorts, IReadOnlyDictionary<string, string> defines)
    {
        var list = directory.File(Path.Combine("kamailio", "dispatcher.list"));
        File.WriteAllLines(list, nodePorts.Select((port, i) => $"1 sip:127.0.0.1:{Text(port)} 0 0 duid=n{Text(i + 1)}"));
        var all = new Dictionary<string, string>(defines) { ["DISPATCHER_LIST"] = Quoted(list) };
        return StartAsync(directory, Path.Combine(AppContext.BaseDirectory, "Deploy", "kamailio", "kamailio.cfg"), all);
    }

    private static async Task<KamailioProxy> StartAsync(TestDirectory directory, string config, IReadOnlyDictionary<string, string> defines)
    {
        var executable = Locate() ?? throw new InvalidOperationException("kamailio is not installed: run scripts/install-deps.sh test");
        var runtime = directory.File(Path.Combine("kamailio", "run", "x"));
        var runtimeDirectory = Path.GetDirectoryName(runtime)!;
        var logPath = directory.File(Path.Combine("kamailio", "kamailio.log"));
        var ports = FreePorts.Lease(1);
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = runtimeDirectory,
        };
        foreach (var argument in new[]
        {
            "-DD", "-E", "-f", config,
            "-l", $"udp:127.0.0.1:{Text(ports[0])}",
            "-P", Path.Combine(runtimeDirectory, "kamailio.pid"),
            "-Y", runtimeDirectory,
            "-m", "32",
        })
        {
            psi.ArgumentList.Add(argument);
        }

        var all = new Dictionary<string, string>(defines) { ["CTL_SOCKET"] = Quoted("unix:" + Path.Combine(runtimeDirectory, "kamailio_ctl")) };
        foreach (var (name, value) in all)
        {
            psi.ArgumentList.Add("-A");
            psi.ArgumentList.Add($"{name}={value}");
        }

        var log = new ProcessLogFile(logPath);
        var process = new Process { StartInfo = psi };
        var proxy = new KamailioProxy(process, ports, log);
        process.OutputDataReceived += (_, e) => log.Append(e.Data);
        process.ErrorDataReceived += (_, e) => log.Append(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await proxy.WaitUntilAnsweringAsync().ConfigureAwait(false);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The requests the proxy routed so far, as "METHOD from address:port", in order.</summary>
    public IReadOnlyList<string> RoutedRequests() => Logged(RoutedLine());

    /// <summary>The replies the proxy relayed so far, as "STATUS METHOD from address:port", in order.</summary>
    public IReadOnlyList<string> RelayedReplies() => Logged(ReplyLine());

    /// <summary>The new dialogs the dispatcher configuration sent on, as (Call-ID, node port), failovers included, in order.</summary>
    public IReadOnlyList<(string CallId, int NodePort)> Dispatched() =>
        LogText().Split('\n').Select(text => DispatchedLine().Match(text)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToArray();

    /// <summary>Waits until Kamailio's output holds one of <paramref name="texts"/>; throws with the output after <paramref name="timeout"/>.</summary>
    public async Task WaitForLogAsync(TimeSpan timeout, params string[] texts)
    {
        var clock = Stopwatch.StartNew();
        while (!texts.Any(text => LogText().Contains(text, StringComparison.Ordinal)))
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"kamailio did not log \"{string.Join("\" or \"", texts)}\" within {timeout.TotalSeconds} s\n{LogText()}");
            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>Kamailio's output so far, for assertion messages.</summary>
    public string LogText() => _log.ReadAll();

    /// <summary>Stops Kamailio (SIGTERM, then kill after 5 s) and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsRunning())
            {
                UnixSignal.Send(_process.Id, UnixSignal.Terminate);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _process.Dispose();
            _log.Dispose();
            _ports.Dispose();
        }
    }

    private bool IsRunning()
    {
        try
        {
            return !_process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        // An OPTIONS with Max-Forwards 0 is answered 483 by the proxy itself: an answer means it is up and routing.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = (IPEndPoint)probe.LocalEndPoint!;
        var options = Encoding.ASCII.GetBytes(
            $"OPTIONS sip:127.0.0.1:{Text(Port)} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{Text(local.Port)};branch=z9hG4bK-probe\r\nMax-Forwards: 0\r\n"
            + $"From: <sip:probe@127.0.0.1>;tag=probe\r\nTo: <sip:127.0.0.1:{Text(Port)}>\r\nCall-ID: probe-{Guid.NewGuid():N}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartupTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"kamailio exited with code {_process.ExitCode} before answering\n{LogText()}");
            await probe.SendToAsync(options, SocketFlags.None, new IPEndPoint(IPAddress.Loopback, Port)).ConfigureAwait(false);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var received = await probe.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), wait.Token).ConfigureAwait(false);
                if (Encoding.ASCII.GetString(buffer, 0, received.ReceivedBytes).StartsWith("SIP/2.0 483 ", StringComparison.Ordinal))
                    return;
            }
            catch (OperationCanceledException)
            {
                // Not listening yet: ask again.
            }
            catch (SocketException)
            {
                // ICMP port unreachable before it binds: ask again.
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
        throw new TimeoutException($"kamailio did not answer SIP on port {Port} within {StartupTimeout.TotalSeconds} s\n{LogText()}");
    }

    private string[] Logged(Regex line) =>
        LogText().Split('\n').Select(text => line.Match(text)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToArray();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quoted(string value) => $"\"{value}\"";

    [GeneratedRegex(@"routing (\S+ from \S+)")]
    private static partial Regex RoutedLine();

    [GeneratedRegex(@"(?:dispatching|failing over) INVITE (\S+) to sip:127\.0\.0\.1:(\d+)")]
    private static partial Regex DispatchedLine();

    [GeneratedRegex(@"relaying reply (\d+ \S+ from \S+)")]
    private static partial Regex ReplyLine();
}
