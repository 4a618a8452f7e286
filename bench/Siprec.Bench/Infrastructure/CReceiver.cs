using System.Diagnostics;
using System.Globalization;

namespace Siprec.Bench.Infrastructure;

/// <summary>The minimal C receiver (<c>bench/c-receiver/receiver.c</c>, epoll + recvmmsg) built with <c>cc -O2</c> and run as a baseline.</summary>
public sealed class CReceiver : IAsyncDisposable
{
    private readonly Process _process;

    private CReceiver(Process process) => _process = process;

    /// <summary>Process id, for reading its CPU time.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Compiles the receiver into <paramref name="directory"/>; returns null (with the reason) when no C compiler is available.</summary>
    public static async Task<(string? Executable, string Reason)> BuildAsync(string directory)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "c-receiver", "receiver.c");
        var executable = Path.Combine(directory, "receiver");
        var psi = new ProcessStartInfo("cc") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-O2", "-o", executable, source })
            psi.ArgumentList.Add(arg);
        try
        {
            using var cc = Process.Start(psi)!;
            var errors = await cc.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await cc.WaitForExitAsync().ConfigureAwait(false);
            return cc.ExitCode == 0 ? (executable, "") : (null, "cc failed: " + errors.Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "no C compiler (cc) on PATH");
        }
    }

    /// <summary>Starts the receiver on ports <paramref name="firstPort"/>.. for <paramref name="count"/> streams, returning once it has bound them.</summary>
    public static async Task<CReceiver> StartAsync(string executable, string outputDirectory, int firstPort, int count, int seconds)
    {
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { outputDirectory, Text(firstPort), Text(count), Text(seconds) })
            psi.ArgumentList.Add(arg);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("the C receiver did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ready = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
        if (ready != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"the C receiver did not bind its ports: {ready}");
        }
        return new CReceiver(process);
    }

    /// <summary>Stops the receiver (SIGTERM) and returns the packets it received.</summary>
    public async Task<long> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", Text(_process.Id)]))
            await kill.WaitForExitAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await _process.StandardOutput.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
        await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        var field = output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(f => f.StartsWith("packets=", StringComparison.Ordinal));
        return field is not null ? long.Parse(field["packets=".Length..], CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Kills the receiver if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process.Dispose();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
