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
}
