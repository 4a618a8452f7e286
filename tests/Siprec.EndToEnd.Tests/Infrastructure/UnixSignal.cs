using System.Runtime.InteropServices;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Sends POSIX signals to child processes (.NET only offers kill -9).</summary>
internal static partial class UnixSignal
{
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; returns false if the process is gone.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
