namespace Siprec.Server.Configuration;

/// <summary>Whether offered SRTP is accepted, required or refused.</summary>
public enum SrtpPolicy
{
    /// <summary>Accept SRTP or plain RTP.</summary>
    Allow,

    /// <summary>Refuse offers without SRTP.</summary>
    Require,

    /// <summary>Answer with plain RTP only.</summary>
    Off,
}
