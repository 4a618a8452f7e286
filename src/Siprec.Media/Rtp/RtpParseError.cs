namespace Siprec.Media.Rtp;

/// <summary>Why a datagram is not a usable RTP packet.</summary>
public enum RtpParseError
{
    /// <summary>The packet is well formed.</summary>
    None,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,

    /// <summary>The version field is not 2.</summary>
    BadVersion,

    /// <summary>The CSRC list runs past the end of the datagram.</summary>
    CsrcOverrun,

    /// <summary>The header extension runs past the end of the datagram.</summary>
    ExtensionOverrun,

    /// <summary>The padding count is zero or larger than what follows the header.</summary>
    BadPadding,
}
