using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;

namespace Siprec.Bench.Sip;

/// <summary>
/// One SIPp client run (UDP, 127.0.0.1) of a SIPREC scenario with statistics traced to files:
/// <c>-trace_stat</c> for the call counters, <c>-trace_rtt -rtt_freq 1</c> for every response time and
/// <c>-trace_logs</c> for the scenario's <c>&lt;log&gt;</c> lines.
/// </summary>
public sealed class SippLoad : IAsyncDisposable
{
    /// <summary>Name of the SIPp executable on PATH.</summary>
    public const string Executable = "sipp";

    private const string StatisticsFile = "stat.csv";
    private const string LogFile = "logs.log";

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
            "-trace_stat", "-stf", StatisticsFile, "-fd", "1",
            "-trace_rtt", "-rtt_freq", "1",
            "-trace_err", "-error_file", "errors.log",
            "-trace_logs", "-log_file", LogFile,
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
        var (counters, offerSpan) = ReadCounters(Path.Combine(_directory, StatisticsFile));
        var (times, span) = ReadResponseTimes(_directory);
        var logPath = Path.Combine(_directory, LogFile);
        var logged = File.Exists(logPath) ? File.ReadAllLines(logPath) : [];
        return new SippStatistics(counters, times, span, offerSpan, logged, _process.ExitCode);
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

    private static (Dictionary<string, long> Counters, TimeSpan OfferSpan) ReadCounters(string path)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return (counters, TimeSpan.Zero);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2)
            return (counters, TimeSpan.Zero);
        var header = lines[0].Split(';');
        var rows = lines[1..].Select(l => l.Split(';')).ToArray();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].EndsWith("(C)", StringComparison.Ordinal) && i < rows[^1].Length
                && long.TryParse(rows[^1][i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                counters[header[i]] = value;
        }
        return (counters, OfferSpan(header, rows, counters.GetValueOrDefault("OutgoingCall(C)")));
    }

    /// <summary>From SIPp's start to the first statistics row that counts every call placed.</summary>
    private static TimeSpan OfferSpan(string[] header, string[][] rows, long placed)
    {
        int start = Array.IndexOf(header, "StartTime"), current = Array.IndexOf(header, "CurrentTime"), outgoing = Array.IndexOf(header, "OutgoingCall(C)");
        if (start < 0 || current < 0 || outgoing < 0 || placed == 0)
            return TimeSpan.Zero;
        var row = rows.FirstOrDefault(r => r.Length > outgoing && long.TryParse(r[outgoing], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= placed);
        return row is null ? TimeSpan.Zero : TimeSpan.FromSeconds(EpochSeconds(row[current]) - EpochSeconds(row[start]));
    }

    // A time column reads "date<TAB>time<TAB>epoch seconds with microseconds".
    private static double EpochSeconds(string field) =>
        double.TryParse(field.Split('\t')[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;

    private static (Dictionary<int, IReadOnlyList<double>> Times, TimeSpan AnswerSpan) ReadResponseTimes(string directory)
    {
        // Lines of <scenario>_<pid>_rtt.csv: date_ms;response_time_ms;rtd_no.
        var times = new Dictionary<int, List<double>>();
        double first = double.MaxValue, last = double.MinValue;
        foreach (var file in Directory.EnumerateFiles(directory, "*_rtt.csv"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(';');
                if (fields.Length < 3
                    || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var date)
                    || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var time)
                    || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var rtd))
                    continue;
                if (!times.TryGetValue(rtd, out var list))
                    times[rtd] = list = [];
                list.Add(time);
                if (rtd != 1)
                    continue;
                first = Math.Min(first, date);
                last = Math.Max(last, date);
            }
        }
        var answered = times.GetValueOrDefault(1)?.Count ?? 0;
        return (times.ToDictionary(t => t.Key, t => (IReadOnlyList<double>)t.Value), answered > 1 ? TimeSpan.FromMilliseconds(last - first) : TimeSpan.Zero);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
