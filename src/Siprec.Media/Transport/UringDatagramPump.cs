using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Siprec.Media.Transport;

/// <summary>
/// The io_uring receive path: a few dedicated threads, each with one ring holding a multishot <c>recvmsg</c> per socket
/// over a shared ring of provided buffers. Sockets are spread over the threads round-robin.
/// </summary>
internal sealed class UringDatagramPump : IDatagramPump
{
    private readonly UringReceiveLoop[] _loops;
    private int _next = -1;

    private UringDatagramPump(UringReceiveLoop[] loops) => _loops = loops;

    /// <summary>
    /// Starts <paramref name="threads"/> receive threads with rings of <paramref name="submissionEntries"/> entries, or
    /// says why the kernel or platform cannot.
    /// </summary>
    public static bool TryCreate(int threads, uint submissionEntries, ILogger logger, [NotNullWhen(true)] out UringDatagramPump? pump, [NotNullWhen(false)] out string? reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        pump = null;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            reason = $"needs Linux on x64 or arm64, this is {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}";
            return false;
        }

        var loops = new List<UringReceiveLoop>(threads);
        try
        {
            for (int i = 0; i < threads; i++)
                loops.Add(new UringReceiveLoop(i, submissionEntries, logger));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
            foreach (UringReceiveLoop loop in loops)
                loop.Dispose();
            reason = e.Message;
            return false;
        }

        pump = new UringDatagramPump([.. loops]);
        reason = null;
        return true;
    }

    public IAsyncDisposable Subscribe(Socket socket, IDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(handler);
        int index = (int)((uint)Interlocked.Increment(ref _next) % (uint)_loops.Length);
        return _loops[index].Subscribe(socket, handler);
    }

    public void Dispose()
    {
        foreach (UringReceiveLoop loop in _loops)
            loop.Dispose();
    }
}
