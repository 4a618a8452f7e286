namespace Siprec.Media.Engine;

/// <summary>How the engine reads RTP and RTCP datagrams from its sockets.</summary>
public enum RtpReceiveMode
{
    /// <summary>Batched epoll + recvmmsg threads on Linux (x64, arm64), the portable path elsewhere.</summary>
    Auto,

    /// <summary>Batched epoll + recvmmsg threads; starting the engine fails where they are unavailable.</summary>
    Epoll,

    /// <summary>One asynchronous .NET socket receive loop per socket, on the thread pool.</summary>
    Portable,
}
