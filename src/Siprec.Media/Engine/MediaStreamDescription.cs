using Siprec.Media.Rtp;
using Siprec.Media.Srtp;

namespace Siprec.Media.Engine;

/// <summary>One recorded stream as negotiated in the SDP answer.</summary>
/// <param name="Label">The SDP a=label that ties the stream to RFC 7866 metadata.</param>
/// <param name="Ports">The bound local RTP/RTCP sockets; the session disposes the lease when the stream ends.</param>
/// <param name="AudioFormats">The audio payload types the answer accepted.</param>
/// <param name="TelephoneEvent">The telephone-event payload type, if negotiated.</param>
/// <param name="Srtp">The inbound SRTP context (SDES keys of the offer), if the stream is protected; owned by the caller, used only by this stream.</param>
public sealed record MediaStreamDescription(
    string Label,
    RtpPortLease Ports,
    IReadOnlyList<RtpAudioFormat> AudioFormats,
    TelephoneEventFormat? TelephoneEvent = null,
    SrtpContext? Srtp = null);
