using Siprec.Media.Engine;
using Siprec.Recording.Signalling;

namespace Siprec.Server.Configuration;

/// <summary>RTP media settings.</summary>
public sealed class RtpOptions
{
    /// <summary>Lowest UDP port for media.</summary>
    public int PortMin { get; set; } = 10000;

    /// <summary>Highest UDP port for media.</summary>
    public int PortMax { get; set; } = 20000;

    /// <summary>A session with no RTP on any stream for this long is ended.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>SRTP policy.</summary>
    public SrtpPolicy SrtpPolicy { get; set; } = SrtpPolicy.Allow;

    /// <summary>How RTP datagrams are read from the sockets.</summary>
    public RtpReceiveMode ReceiveMode { get; set; } = RtpReceiveMode.Auto;

    /// <summary>Receive threads of the epoll path; 0 means one per two cores.</summary>
    public int ReceiveThreads { get; set; }
}
