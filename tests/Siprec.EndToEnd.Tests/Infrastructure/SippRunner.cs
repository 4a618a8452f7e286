using System.Diagnostics;
using System.Globalization;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Runs SIPp (Debian's sip-tester) as a client against 127.0.0.1, traces going to files under a test directory.</summary>
public sealed class SippRunner(TestDirectory directory)
{
    /// <summary>Name of the SIPp executable on PATH.</summary>
    public const string Executable = "sipp";

    private readonly TestDirectory _directory = directory;

    /// <summary>True when SIPp can be started on this machine.</summary>
    public static bool IsInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(p => File.Exists(Path.Combine(p, Executable)));

    /// <summary>Starts <paramref name="run"/> and returns the running process; await its result with <see cref="SippProcess.WaitForExitAsync"/>.</summary>
    public SippProcess Start(SippRun run)
    {
        if (!File.Exists(run.Scenario))
            throw new FileNotFoundException("SIPp scenario not found", run.Scenario);
        // Numbered by the test directory, not by this runner: SIPp truncates its log files only once it has started, and a
        // second runner's run reading the first one's logs.log would take that call's ANSWER_PORTS for its own.
        var traceDirectory = _directory.NewFolder("sipp", Path.GetFileNameWithoutExtension(run.Scenario));
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = traceDirectory,
        };
        foreach (var argument in Arguments(run, traceDirectory))
            psi.ArgumentList.Add(argument);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("sipp did not start");
        return new SippProcess(process, traceDirectory, run.Timeout + TimeSpan.FromSeconds(10));
    }

    /// <summary>Runs <paramref name="run"/> to completion.</summary>
    public async Task<SippResult> RunAsync(SippRun run)
    {
        await using var sipp = Start(run);
        return await sipp.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>The SIPp command line for <paramref name="run"/>, traces written to <paramref name="traceDirectory"/>.</summary>
    public static IReadOnlyList<string> Arguments(SippRun run, string traceDirectory)
    {
        var args = new List<string>
        {
            "-sf", run.Scenario,
            "-i", "127.0.0.1",
            "-p", Text(run.LocalPort),
            "-t", run.Transport == SippTransport.Tcp ? "t1" : "u1",
            "-m", Text(run.Calls),
            "-d", Text((int)run.CallDuration.TotalMilliseconds),
            "-timeout", $"{Text((int)Math.Ceiling(run.Timeout.TotalSeconds))}s",
            "-timeout_error",
            "-nostdin",
        };
        if (run.RemotePort != 0)
            args.Insert(2, $"127.0.0.1:{Text(run.RemotePort)}");
        if (run.ConcurrentCalls is { } limit)
            args.AddRange(["-l", Text(limit)]);
        if (run.CallRate is { } rate)
            args.AddRange(["-r", Text(rate)]);
        if (run.MediaPort is { } media)
            args.AddRange(["-mp", Text(media)]);
        foreach (var (key, value) in run.Keys)
            args.AddRange(["-key", key, value]);
        foreach (var (name, value) in run.Variables)
            args.AddRange(["-set", name, value]);
        args.AddRange(SippProcess.FileArguments(traceDirectory));
        args.AddRange(run.ExtraArguments);
        return args;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
