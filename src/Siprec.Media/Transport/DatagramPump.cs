using Microsoft.Extensions.Logging;
using Siprec.Media.Engine;

namespace Siprec.Media.Transport;

/// <summary>Chooses the receive path: epoll threads where the platform offers them, one async loop per socket elsewhere.</summary>
internal static partial class DatagramPump
{
    /// <summary>Creates the pump for <paramref name="mode"/>; <paramref name="threads"/> of 0 means one thread per two cores.</summary>
    public static IDatagramPump Create(RtpReceiveMode mode, int threads, ILogger logger)
    {
        if (mode == RtpReceiveMode.Portable)
            return new SocketAsyncDatagramPump(logger);
        int count = threads > 0 ? threads : Math.Max(1, Environment.ProcessorCount / 2);
        if (EpollDatagramPump.TryCreate(count, logger, out EpollDatagramPump? pump, out string? reason))
        {
            Log.EpollStarted(logger, count);
            return pump;
        }

        if (mode == RtpReceiveMode.Epoll)
            throw new PlatformNotSupportedException($"RTP receive mode 'epoll' is unavailable: {reason}");
        Log.EpollUnavailable(logger, reason);
        return new SocketAsyncDatagramPump(logger);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Receiving RTP on {Threads} epoll thread(s) with batched recvmmsg")]
        public static partial void EpollStarted(ILogger logger, int threads);

        [LoggerMessage(Level = LogLevel.Information, Message = "Batched RTP receive (epoll + recvmmsg) is unavailable ({Reason}); receiving with one async loop per socket")]
        public static partial void EpollUnavailable(ILogger logger, string reason);
    }
}
