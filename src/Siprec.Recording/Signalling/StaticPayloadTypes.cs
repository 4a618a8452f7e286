using Siprec.Sip.Sdp;

namespace Siprec.Recording.Signalling;

/// <summary>The RFC 3551 static audio payload types, for offers that list them without an <c>a=rtpmap</c>.</summary>
internal static class StaticPayloadTypes
{
    /// <summary>The implied rtpmap of a static audio payload type, or null.</summary>
    public static SdpRtpMap? Find(int payloadType) => payloadType switch
    {
        0 => new SdpRtpMap(0, "PCMU", 8000),
        3 => new SdpRtpMap(3, "GSM", 8000),
        4 => new SdpRtpMap(4, "G723", 8000),
        8 => new SdpRtpMap(8, "PCMA", 8000),
        9 => new SdpRtpMap(9, "G722", 8000),
        10 => new SdpRtpMap(10, "L16", 44100, 2),
        11 => new SdpRtpMap(11, "L16", 44100),
        13 => new SdpRtpMap(13, "CN", 8000),
        18 => new SdpRtpMap(18, "G729", 8000),
        _ => null,
    };
}
