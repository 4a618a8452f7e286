using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;

namespace Siprec.Bench.Sip;

/// <summary>
/// One SIPp client run (UDP, 127.0.0.1) of the SIPREC load scenario with statistics traced to files:
/// <c>-trace_stat</c> for the call counters and <c>-trace_rtt -rtt_freq 1</c> for every INVITE→200 time.
/// </summary>
public sealed class SippLoad : IAsyncDisposable
{
    /// <summary>Name of the SIPp executable on PATH.</summary>
    public const string Executable = "sipp";

    private readonly Process _process;
    private readonly string _directory;
    private readonly Task _drain;

    private SippLoad(Process process, string directory)
    {
        _process = process;
        _directory = directory;
        _drain = Task.WhenAll(
            process.StandardOutput.BaseStream.CopyToAsync(Stream.Null),
            process.StandardError.BaseStream.CopyToAsync(Stream.Null));
    }

    /// <summary>True when SIPp is on PATH.</summary>
    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(p => File.Exists(Path.Combine(p, Executable)));

    /// <summary>
    /// Starts SIPp in <paramref name="directory"/> (created) with <paramref name="scenario"/> against the server's SIP port:
    /// <paramref name="calls"/> calls (<c>-m</c>) at <paramref name="rate"/> per second (<c>-r</c>/<c>-rp 1000</c>),
    /// at most <paramref name="limit"/> at once (<c>-l</c>), each held <paramref name="hold"/> before BYE (<c>-d</c>).
    /// </summary>
    public static SippLoad Start(string scenario, string directory, int serverPort, int calls, int rate, int limit, TimeSpan hold, TimeSpan bound)
    {
        Directory.CreateDirectory(directory);
        var local = Path.Combine(directory, Path.GetFileName(scenario));
        File.Copy(scenario, local, overwrite: true);
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        string[] args =
        [
            $"127.0.0.1:{Text(serverPort)}", "-sf", Path.GetFileName(local),
            "-i", "127.0.0.1", "-p", Text(LoopbackPorts.Free()), "-mp", Text(LoopbackPorts.Free()),
            "-t", "u1", "-m", Text(calls), "-l", Text(limit), "-r", Text(rate), "-rp", "1000",
            "-d", Text((int)hold.TotalMilliseconds), "-max_socket", "4096",
            "-timeout", $"{Text((int)Math.Ceiling(bound.TotalSeconds))}s", "-timeout_error", "-nostdin",
            "-trace_stat", "-stf", "stat.csv", "-fd", "1",
            "-trace_rtt", "-rtt_freq", "1",
            "-trace_err", "-error_file", "errors.log",
        ];
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("sipp did not start");
        return new SippLoad(process, directory);
    }

    /// <summary>True while SIPp runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Waits for SIPp to finish (killing it after <paramref name="bound"/>) and reads its statistics files.</summary>
    public async Task<SippStatistics> WaitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        await _drain.ConfigureAwait(false);
        var (successful, failed) = ReadCounters(Path.Combine(_directory, "stat.csv"));
        var (times, span) = ReadResponseTimes(_directory);
        return new SippStatistics(successful, failed, times, span, _process.ExitCode);
    }

    /// <summary>Kills SIPp if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        await _drain.ConfigureAwait(false);
        _process.Dispose();
    }

    private static (long Successful, long Failed) ReadCounters(string path)
    {
        if (!File.Exists(path))
            return (0, 0);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2)
            return (0, 0);
        var header = lines[0].Split(';');
        var last = lines[^1].Split(';');
        return (Counter(header, last, "SuccessfulCall(C)"), Counter(header, last, "FailedCall(C)"));
    }

    private static long Counter(string[] header, string[] row, string name)
    {
        var index = Array.IndexOf(header, name);
        return index >= 0 && index < row.Length && long.TryParse(row[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    private static (List<double> Times, TimeSpan Span) ReadResponseTimes(string directory)
    {
        // Lines of <scenario>_<pid>_rtt.csv: date_ms;response_time_ms;rtd_name.
        var times = new List<double>();
        double first = double.MaxValue, last = double.MinValue;
        foreach (var file in Directory.EnumerateFiles(directory, "*_rtt.csv"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(';');
                if (fields.Length < 2
                    || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var date)
                    || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var time))
                    continue;
                times.Add(time);
                first = Math.Min(first, date);
                last = Math.Max(last, date);
            }
        }
        return (times, times.Count > 1 ? TimeSpan.FromMilliseconds(last - first) : TimeSpan.Zero);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
