namespace Siprec.Media.Rtp;

/// <summary>What the SSRC lock says about a packet.</summary>
public enum SsrcVerdict
{
    /// <summary>From the locked source.</summary>
    Accept,

    /// <summary>The lock moved to this packet's source; per-source state must restart.</summary>
    Relocked,

    /// <summary>From another source; drop it.</summary>
    Reject,
}
