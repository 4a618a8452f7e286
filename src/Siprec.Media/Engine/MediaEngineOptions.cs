namespace Siprec.Media.Engine;

/// <summary>Process-wide settings of the media engine.</summary>
public sealed record MediaEngineOptions
{
    /// <summary>How datagrams are read from the RTP and RTCP sockets.</summary>
    public RtpReceiveMode ReceiveMode { get; init; } = RtpReceiveMode.Auto;

    /// <summary>Dedicated receive threads of the epoll path; 0 means one per two cores (at least one).</summary>
    public int ReceiveThreads { get; init; }
}
