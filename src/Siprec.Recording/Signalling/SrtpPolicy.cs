namespace Siprec.Recording.Signalling;

/// <summary>Which media protection the recorder accepts from an SRC.</summary>
public enum SrtpPolicy
{
    /// <summary>Both <c>RTP/AVP</c> and <c>RTP/SAVP</c> (with SDES keys) are accepted.</summary>
    Allow,

    /// <summary>Only <c>RTP/SAVP</c> is accepted; a plain RTP offer is answered 488.</summary>
    Require,

    /// <summary>Only <c>RTP/AVP</c> is accepted; an SRTP offer is answered 488.</summary>
    Off,
}
