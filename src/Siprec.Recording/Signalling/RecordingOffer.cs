using Siprec.Recording.Metadata;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Signalling;

/// <summary>What a recording INVITE, re-INVITE or UPDATE carries.</summary>
/// <param name="Sdp">The SDP offer, or null (metadata-only update or no body).</param>
/// <param name="Metadata">The RFC 7865 metadata, or null (plain SDP, or no body).</param>
/// <param name="IsSiprec">True when the request marks itself as SIPREC: a <c>recording-session</c> part, a metadata body, <c>+sip.src</c> on Contact, or <c>Require: siprec</c>.</param>
public sealed record RecordingOffer(SdpSessionDescription? Sdp, RecordingMetadata? Metadata, bool IsSiprec)
{
    /// <summary>True when the request has neither SDP nor metadata (for example a session refresh).</summary>
    public bool IsEmpty => Sdp is null && Metadata is null;

    /// <summary>What the request bent of RFC 7865/7866 and was accepted anyway (never set in strict mode).</summary>
    public MetadataLeniency Leniencies { get; init; }
}
