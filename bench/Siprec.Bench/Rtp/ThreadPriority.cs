using System.Runtime.InteropServices;

namespace Siprec.Bench.Rtp;

/// <summary>Linux nice value of the calling thread (a thread is its own scheduling entity there).</summary>
internal static partial class ThreadPriority
{
    private const int PriorityProcess = 0;

    /// <summary>Sets the calling thread's nice value; throws where the system refuses it.</summary>
    public static void SetNice(int nice)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("--sender-nice is only supported on Linux");
        if (SetPriority(PriorityProcess, GetThreadId(), nice) != 0)
            throw new InvalidOperationException($"setpriority({nice}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);
}
