using System.Net;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Signalling;

/// <summary>How one offered m-line was answered, and what the media side needs to receive it.</summary>
/// <param name="Index">The m-line index (0-based), the same in offer and answer.</param>
/// <param name="Media">The media type of the m-line, e.g. <c>audio</c>.</param>
/// <param name="Label">The offer's <c>a=label</c> (ties the stream to metadata), or null.</param>
/// <param name="State">Recording, paused by the SRC, or rejected.</param>
/// <param name="LocalPort">Our RTP port for the stream; 0 when rejected.</param>
/// <param name="Protocol">The transport protocol, as offered (e.g. <c>RTP/AVP</c>, <c>RTP/SAVP</c>).</param>
/// <param name="Codec">The chosen codec with the offer's payload type; null when rejected.</param>
/// <param name="CodecFormatParameters">The offer's <c>a=fmtp</c> parameters for the chosen codec, or null.</param>
/// <param name="TelephoneEventPayloadType">The offer's telephone-event payload type kept in the answer, or null.</param>
/// <param name="RemoteEndpoint">Where the SRC says it sends from (media c=, else session c=); null when absent, a host name or 0.0.0.0: learn it from the first RTP packet.</param>
/// <param name="RemoteCrypto">The SRC's SDES key for the chosen suite (decrypts what it sends), or null for plain RTP.</param>
/// <param name="LocalCrypto">Our SDES key written in the answer, or null.</param>
/// <param name="OfferedDirection">The direction the offer gave this m-line (<c>sendonly</c> is normal recording, not hold).</param>
/// <param name="Ptime">The offer's packet time in milliseconds, or null.</param>
/// <param name="RejectionReason">Why the stream was rejected, or null when it was not.</param>
public sealed record AnsweredStream(
    int Index,
    string Media,
    string? Label,
    SdpStreamState State,
    int LocalPort,
    string Protocol,
    SdpRtpMap? Codec,
    string? CodecFormatParameters,
    int? TelephoneEventPayloadType,
    IPEndPoint? RemoteEndpoint,
    SdpCrypto? RemoteCrypto,
    SdpCrypto? LocalCrypto,
    SdpDirection OfferedDirection,
    int? Ptime,
    string? RejectionReason);
