namespace Siprec.Media.Rtp;

/// <summary>The UDP ports RTP may use (RTP_PORT_MIN..RTP_PORT_MAX); RTP takes even ports, RTCP the odd port above.</summary>
/// <param name="Min">Lowest port, inclusive.</param>
/// <param name="Max">Highest port, inclusive.</param>
public sealed record RtpPortRange(int Min, int Max)
{
    /// <summary>The default range 10000–20000.</summary>
    public static RtpPortRange Default { get; } = new(10000, 20000);
}
