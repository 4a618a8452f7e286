using System.Runtime.InteropServices;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Sends POSIX signals to child processes (.NET only offers kill -9).</summary>
internal static partial class UnixSignal
{
    public const int Terminate = 15;

    public const int Kill = 9;

    public const int Stop = 19;

    public const int Continue = 18;

    /// <summary>Signal 0: only checks that the target exists.</summary>
    public const int Probe = 0;

    /// <summary>
    /// Sends <paramref name="signal"/> to <paramref name="pid"/>, or to every process of group -<paramref name="pid"/>
    /// when negative; returns false if no such process is left.
    /// </summary>
    public static bool Send(int pid, int signal) => SendSignal(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
