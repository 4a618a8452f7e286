using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Siprec.Bench.Infrastructure;

/// <summary>
/// The Release <c>siprec.dll</c> run as its own process (<c>dotnet siprec.dll</c>) on 127.0.0.1 with fresh ports and a
/// temporary RECORDING_DIR; its output goes to <c>server.log</c> in the work directory.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private ServerUnderTest(Process process, StreamWriter log, string logPath, int sipPort, int httpPort, string recordingDirectory)
    {
        LogPath = logPath;
        _process = process;
        _log = log;
        SipPort = sipPort;
        HttpPort = httpPort;
        RecordingDirectory = recordingDirectory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>SIP UDP/TCP port on 127.0.0.1.</summary>
    public int SipPort { get; }

    /// <summary>HTTP API port on 127.0.0.1.</summary>
    public int HttpPort { get; }

    /// <summary>RECORDING_DIR given to the server.</summary>
    public string RecordingDirectory { get; }

    /// <summary>The server's standard output and error, one line per log record.</summary>
    public string LogPath { get; }

    /// <summary>A keep-alive client for the server's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>Process id, for reading its CPU time and memory.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the server from <paramref name="serverDll"/> with RTP ports from <paramref name="rtpPortBase"/>, room for
    /// <paramref name="sessions"/> calls (<see cref="PortsFor"/> ports, MAX_SESSIONS at least 1,000), and returns once
    /// /health/live answers.
    /// </summary>
    public static async Task<ServerUnderTest> StartAsync(string serverDll, string workDirectory, int rtpPortBase, int sessions, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        ArgumentNullException.ThrowIfNull(extraEnvironment);
        if (!File.Exists(serverDll))
            throw new FileNotFoundException("the server assembly was not found; build it in Release first", serverDll);
        var recordings = Path.Combine(workDirectory, "recordings");
        Directory.CreateDirectory(recordings);
        var sipPort = LoopbackPorts.Free();
        var httpPort = LoopbackPorts.Free();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        psi.ArgumentList.Add(serverDll);
        var environment = new Dictionary<string, string>
        {
            ["SIP_HOST"] = "127.0.0.1",
            ["SIP_PORT"] = Text(sipPort),
            ["SIP_TLS_PORT"] = Text(LoopbackPorts.Free()),
            ["HTTP_HOST"] = "127.0.0.1",
            ["HTTP_PORT"] = Text(httpPort),
            ["RECORDING_DIR"] = recordings,
            ["RTP_PORT_MIN"] = Text(rtpPortBase),
            ["RTP_PORT_MAX"] = Text(rtpPortBase + PortsFor(sessions) - 1),
            ["RTP_TIMEOUT"] = "120s",
            ["MAX_SESSIONS"] = Text(Math.Max(1000, sessions)),
            ["LOG_LEVEL"] = "warn",
            // The bench times back-to-back requests from one client, which the per-key throttle would answer 429.
            ["API_RATE_LIMIT"] = "0",
        };
        foreach (var (key, value) in extraEnvironment)
            environment[key] = value;
        foreach (var (key, value) in environment)
            psi.Environment[key] = value;

        var logPath = Path.Combine(workDirectory, "server.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = psi };
        var server = new ServerUnderTest(process, log, logPath, sipPort, httpPort, recordings);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilLiveAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return server;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            var tail = string.Join(" | ", File.ReadLines(logPath).TakeLast(5));
            throw new InvalidOperationException($"{e.Message}; last lines of server.log: {tail}", e);
        }
    }

    /// <summary>
    /// RTP ports given to a server for <paramref name="sessions"/> calls: an RTP and an RTCP port for each of two streams
    /// per call and 200 spare, and never fewer than 5,000.
    /// </summary>
    public static int PortsFor(int sessions) => Math.Max(5000, (4 * sessions) + 200);

    /// <summary>The server's <c>siprec_rtp_packets_total</c> (RTP packets accepted) from <c>GET /metrics</c>.</summary>
    public async Task<long> RtpPacketsAcceptedAsync()
    {
        const string Counter = "siprec_rtp_packets_total ";
        var text = await Http.GetStringAsync(new Uri("metrics", UriKind.Relative)).ConfigureAwait(false);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(Counter, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("GET /metrics has no siprec_rtp_packets_total");
        return (long)double.Parse(line[Counter.Length..], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <see cref="RtpPacketsAcceptedAsync"/> once it has stopped rising (two reads 250 ms apart agree) or after
    /// <paramref name="bound"/>: a server behind its load still has packets waiting in its sockets after the last one was
    /// sent, and those are late, not lost.
    /// </summary>
    public async Task<long> RtpPacketsAcceptedSettledAsync(TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var last = await RtpPacketsAcceptedAsync().ConfigureAwait(false);
        while (clock.Elapsed < bound)
        {
            await Task.Delay(250).ConfigureAwait(false);
            var now = await RtpPacketsAcceptedAsync().ConfigureAwait(false);
            if (now == last)
                return now;
            last = now;
        }
        return last;
    }

    /// <summary>Number of live sessions reported by <c>GET /api/sessions</c>.</summary>
    public async Task<int> SessionCountAsync()
    {
        await using var body = await Http.GetStreamAsync(new Uri("api/sessions", UriKind.Relative)).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body).ConfigureAwait(false);
        return document.RootElement.GetProperty("count").GetInt32();
    }

    /// <summary>Polls <see cref="SessionCountAsync"/> until it is <paramref name="expected"/> or <paramref name="bound"/> has passed; returns the last count.</summary>
    public async Task<int> WaitForSessionCountAsync(int expected, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        int count;
        while ((count = await SessionCountAsync().ConfigureAwait(false)) != expected && clock.Elapsed < bound)
            await Task.Delay(250).ConfigureAwait(false);
        return count;
    }

    /// <summary>The lines written to <see cref="LogPath"/> so far.</summary>
    public IReadOnlyList<string> ReadLog()
    {
        lock (_logLock)
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var lines = new List<string>();
            while (reader.ReadLine() is { } line)
                lines.Add(line);
            return lines;
        }
    }

    /// <summary>Current CPU time and resident memory of the server.</summary>
    public ProcessUsage Usage() => ProcessUsage.Read(_process.Id);

    /// <summary>Sends SIGTERM (via <c>kill</c>), waits up to 30 s for the server to finish its recordings, then kills it.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", Text(_process.Id)]))
                    await kill.WaitForExitAsync().ConfigureAwait(false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        _process.Dispose();
        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private async Task WaitUntilLiveAsync(TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} during start-up");
            try
            {
                using var response = await Http.GetAsync(new Uri("health/live", UriKind.Relative)).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"the server did not answer /health/live within {bound.TotalSeconds} s");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_logLock)
        {
            if (!_logClosed)
                _log.WriteLine(line);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
