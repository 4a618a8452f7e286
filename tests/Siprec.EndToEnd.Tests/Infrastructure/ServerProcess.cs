using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The built <c>siprec.dll</c> run with <c>dotnet</c> on leased 127.0.0.1 ports, its output captured to a log file
/// in the test directory. Layout of the port lease: SIP (UDP+TCP), SIP TLS, HTTP, SIPp, SIPp media (4), then RTP.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int RtpOffset = 8;

    private readonly Process _process;
    private readonly PortLease _ports;
    private readonly ProcessLogFile _log;

    private ServerProcess(Process process, PortLease ports, ProcessLogFile log, string recordingDirectory)
    {
        _process = process;
        _ports = ports;
        _log = log;
        RecordingDirectory = recordingDirectory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>SIP port (UDP and TCP) on 127.0.0.1.</summary>
    public int SipPort => _ports[0];

    /// <summary>SIP over TLS port.</summary>
    public int SipTlsPort => _ports[1];

    /// <summary>HTTP API port.</summary>
    public int HttpPort => _ports[2];

    /// <summary>A free port for the SIPp client of this test.</summary>
    public int SippPort => _ports[3];

    /// <summary>A free even port for SIPp's media (it uses this one and the next few).</summary>
    public int SippMediaPort => _ports[4];

    /// <summary>First port of the server's RTP range.</summary>
    public int RtpPortMin => _ports[RtpOffset];

    /// <summary>Last port of the server's RTP range.</summary>
    public int RtpPortMax => _ports.Last;

    /// <summary>RECORDING_DIR given to the server.</summary>
    public string RecordingDirectory { get; }

    /// <summary>File holding the server's stdout and stderr.</summary>
    public string LogPath => _log.Path;

    /// <summary>Client for the server's HTTP API (base address set).</summary>
    public HttpClient Http { get; }

    /// <summary>Process id, for reading its memory under /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Exit code once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the server in <paramref name="directory"/> and returns once /health/live answers 200; throws with the log tail otherwise.</summary>
    public static async Task<ServerProcess> StartAsync(TestDirectory directory, ServerProcessOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ServerProcessOptions();
        var serverDll = Path.Combine(AppContext.BaseDirectory, "siprec.dll");
        if (!File.Exists(serverDll))
            throw new FileNotFoundException("the server assembly is not in the test output", serverDll);
        var ports = FreePorts.Lease(RtpOffset + options.RtpPortCount);
        var recordings = Path.Combine(directory.Path, "recordings");
        Directory.CreateDirectory(recordings);
        var logPath = Path.Combine(directory.Path, "server.log");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        psi.ArgumentList.Add(serverDll);
        var env = new Dictionary<string, string>
        {
            ["SIP_HOST"] = "127.0.0.1",
            ["SIP_PORT"] = Text(ports[0]),
            ["SIP_TLS_PORT"] = Text(ports[1]),
            ["HTTP_PORT"] = Text(ports[2]),
            ["RECORDING_DIR"] = recordings,
            ["RTP_PORT_MIN"] = Text(ports[RtpOffset]),
            ["RTP_PORT_MAX"] = Text(ports.Last),
            ["RTP_TIMEOUT"] = "30",
            ["LOG_LEVEL"] = "debug",
        };
        if (options.AdvertiseHttpAddress)
            env["CLUSTER_ADVERTISED_URL"] = $"http://127.0.0.1:{Text(ports[2])}";
        foreach (var (key, value) in options.Environment)
            env[key] = value;
        foreach (var (key, value) in env)
            psi.Environment[key] = value;

        var log = new ProcessLogFile(logPath);
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var server = new ServerProcess(process, ports, log, recordings);
        process.OutputDataReceived += (_, e) => server.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => server.Append("err", e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilLiveAsync(options.StartupTimeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends SIGTERM, waits up to <paramref name="grace"/> (default 10 s) for a clean exit, then kills; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? grace = null)
    {
        if (!_process.HasExited)
        {
            UnixSignal.Send(_process.Id, UnixSignal.Terminate);
            using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Append("harness", "did not exit after SIGTERM; killing");
                Kill();
            }
        }
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Stops (SIGSTOP) or continues (SIGCONT) the server, as a hung or cut-off process would be.</summary>
    public void Freeze(bool frozen) => UnixSignal.Send(_process.Id, frozen ? UnixSignal.Stop : UnixSignal.Continue);

    /// <summary>Kills the server at once (kill -9), as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
    }

    /// <summary>The last <paramref name="lines"/> lines of the server's output, for assertion messages.</summary>
    public string LogTail(int lines = 80)
    {
        var all = _log.ReadAll().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>Recordings (WAV files) written so far under RECORDING_DIR/YYYY/MM/DD.</summary>
    public IReadOnlyList<string> Recordings() =>
        Directory.Exists(RecordingDirectory)
            ? Directory.GetFiles(RecordingDirectory, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>Stops the server if still running and releases its ports.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                }
                catch (InvalidOperationException)
                {
                    // Never started: nothing to stop.
                }
            }
        }
        finally
        {
            Http.Dispose();
            _process.Dispose();
            _log.Dispose();
            _ports.Dispose();
        }
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var lastError = "no answer yet";
        while (!deadline.IsCancellationRequested)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"server exited with code {_process.ExitCode} before /health/live answered\n{LogTail()}");
            try
            {
                using var response = await Http.GetAsync(new Uri("health/live", UriKind.Relative), deadline.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                lastError = $"status {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                lastError = e.Message;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }
            try
            {
                await Task.Delay(100, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        throw new TimeoutException($"/health/live did not answer 200 within {timeout.TotalSeconds} s ({lastError})\n{LogTail()}");
    }

    private void Append(string stream, string? line) => _log.Append(line is null ? null : $"[{stream}] {line}");

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
