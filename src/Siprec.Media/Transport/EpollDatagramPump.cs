using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Siprec.Media.Transport;

/// <summary>
/// The batched receive path: a few dedicated threads, each waiting on one epoll set for many sockets and reading every
/// ready socket with <c>recvmmsg</c> into native buffers. No thread-pool hop and no allocation per datagram.
/// Sockets are spread over the threads round-robin.
/// </summary>
internal sealed class EpollDatagramPump : IDatagramPump
{
    private readonly EpollReceiveLoop[] _loops;
    private int _next = -1;

    private EpollDatagramPump(EpollReceiveLoop[] loops) => _loops = loops;

    /// <summary>Number of receive threads.</summary>
    public int ThreadCount => _loops.Length;

    /// <summary>Starts <paramref name="threads"/> receive threads, or says why the platform cannot.</summary>
    public static bool TryCreate(int threads, ILogger logger, [NotNullWhen(true)] out EpollDatagramPump? pump, [NotNullWhen(false)] out string? reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        pump = null;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            reason = $"needs Linux on x64 or arm64, this is {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}";
            return false;
        }

        var loops = new List<EpollReceiveLoop>(threads);
        try
        {
            for (int i = 0; i < threads; i++)
                loops.Add(new EpollReceiveLoop(i, logger));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException)
        {
            foreach (EpollReceiveLoop loop in loops)
                loop.Dispose();
            reason = e.Message;
            return false;
        }

        pump = new EpollDatagramPump([.. loops]);
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
        foreach (EpollReceiveLoop loop in _loops)
            loop.Dispose();
    }
}
