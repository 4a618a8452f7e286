using System.Diagnostics;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A running SIPp client: its <c>&lt;log&gt;</c> lines can be awaited while it runs (e.g. to learn the answer's RTP ports).</summary>
public sealed class SippProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _errorFile;
    private readonly string _messageFile;
    private readonly string _logFile;
    private readonly string _screenFile;
    private readonly TimeSpan _bound;
    private readonly Task _pump;

    internal SippProcess(Process process, string directory, TimeSpan bound)
    {
        _process = process;
        _errorFile = Path.Combine(directory, "errors.log");
        _messageFile = Path.Combine(directory, "messages.log");
        _logFile = Path.Combine(directory, "logs.log");
        _screenFile = Path.Combine(directory, "screen.log");
        _bound = bound;
        _pump = PumpScreenAsync();
    }

    internal static string[] FileArguments(string directory) =>
    [
        "-trace_err", "-error_file", Path.Combine(directory, "errors.log"),
        "-trace_msg", "-message_file", Path.Combine(directory, "messages.log"),
        "-trace_logs", "-log_file", Path.Combine(directory, "logs.log"),
    ];

    /// <summary>Waits for the first <c>&lt;log&gt;</c> line starting with <paramref name="prefix"/> and returns the rest; throws with the logs on timeout or exit.</summary>
    public async Task<string> WaitForLogAsync(string prefix, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var match = ReadLines(_logFile).FirstOrDefault(l => l.StartsWith(prefix + " ", StringComparison.Ordinal));
            if (match is not null)
                return match[(prefix.Length + 1)..].Trim();
            if (_process.HasExited)
                break;
            await Task.Delay(25).ConfigureAwait(false);
        }
        var state = _process.HasExited ? $"exited with {_process.ExitCode}" : $"still running after {timeout.TotalSeconds} s";
        throw new TimeoutException($"sipp logged no '{prefix}' line ({state})\n{Snapshot(_process.HasExited ? _process.ExitCode : -1).Describe()}");
    }

    /// <summary>Waits for SIPp to finish (killing it past its time bound) and collects its logs.</summary>
    public async Task<SippResult> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(_bound);
        var exitCode = 137;
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            exitCode = _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        await _pump.ConfigureAwait(false);
        return Snapshot(exitCode);
    }

    /// <summary>Kills SIPp if still running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        await _pump.ConfigureAwait(false);
        _process.Dispose();
    }

    private SippResult Snapshot(int exitCode) =>
        new(exitCode, ReadText(_errorFile), ReadText(_messageFile), ReadLines(_logFile), ReadText(_screenFile));

    private async Task PumpScreenAsync()
    {
        // SIPp redraws its statistics screen; keeping the output drained stops it blocking on a full pipe.
        await using var screen = new FileStream(_screenFile, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        var stdout = _process.StandardOutput.BaseStream.CopyToAsync(screen);
        var stderr = _process.StandardError.BaseStream.CopyToAsync(screen);
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
    }

    private static string ReadText(string path)
    {
        if (!File.Exists(path))
            return "";
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        return reader.ReadToEnd();
    }

    private static string[] ReadLines(string path) =>
        ReadText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
