using Siprec.Recording.Metadata;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Multipart;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Signalling;

/// <summary>
/// Interprets the body and extension headers of a recording INVITE, re-INVITE or UPDATE: SDP and RFC 7865 metadata in a
/// <c>multipart/mixed</c> body (any order, extra parts ignored), SDP alone, metadata alone, or no body. Stateless and thread-safe.
/// </summary>
public sealed class RecordingOfferParser
{
    /// <summary>The <c>Accept</c> value sent with a 415.</summary>
    public const string AcceptedBodyTypes = "application/sdp, application/rs-metadata+xml, application/rs-metadata, multipart/mixed";

    private const string SdpType = "application/sdp";
    private const string RecordingSessionDisposition = "recording-session";
    private const string SrcFeatureTag = "+sip.src";

    private readonly RecordingSignallingOptions _options;

    /// <summary>Creates a parser with the given strictness.</summary>
    public RecordingOfferParser(RecordingSignallingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// Interprets <paramref name="request"/>. Refusals: 420 for Require tags we lack, 415 for an unknown body type or encoding,
    /// 400 for a malformed body, and in strict mode 403 for a new INVITE not marked as a recording session, 400 for
    /// metadata that bends RFC 7865 (<see cref="MetadataLeniency"/>) and 488 for metadata streams that disagree with the SDP.
    /// </summary>
    public RecordingOfferOutcome Parse(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var unsupported = SiprecOptionTags.FindUnsupported(request.Require);
        if (unsupported.Count != 0)
        {
            var tags = string.Join(", ", unsupported);
            return Reject(420, "Unsupported Option Tag", $"Unsupported option tags in Require: {tags}.", KeyValuePair.Create(SipHeaderNames.Unsupported, tags));
        }

        var hasSrcFeature = HasSrcFeature(request);
        var requiresSiprec = request.Require.Contains(SiprecOptionTags.Siprec, StringComparer.OrdinalIgnoreCase);
        var isNewInvite = request.Method == SipMethods.Invite && request.To?.Tag is null;
        if (_options.Strict && isNewInvite
            && (!hasSrcFeature || !(requiresSiprec || request.Supported.Contains(SiprecOptionTags.Siprec, StringComparer.OrdinalIgnoreCase))))
        {
            return Reject(403, "Not a Recording Session", "Only recording sessions are accepted: the INVITE needs +sip.src on its Contact and the siprec option tag.");
        }

        return ParseBody(request, hasSrcFeature || requiresSiprec);
    }

    private RecordingOfferOutcome ParseBody(SipRequest request, bool markedSiprec)
    {
        if (request.Body.IsEmpty)
            return RecordingOfferOutcome.Accepted(new RecordingOffer(null, null, markedSiprec));

        var encoding = request.Headers.Get(SipHeaderNames.ContentEncoding)?.Trim();
        if (!string.IsNullOrEmpty(encoding) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Reject(415, "Unsupported Content-Encoding", $"Content-Encoding '{encoding}' is not supported.", KeyValuePair.Create(SipHeaderNames.AcceptEncoding, "identity"));
        }

        var contentType = request.ContentType;
        if (contentType is null)
            return UnsupportedBody(request.Headers.Get(SipHeaderNames.ContentType) is null ? "A body without Content-Type." : "An unreadable Content-Type.");

        try
        {
            if (contentType.Is(SdpType))
                return Accepted(SdpSessionDescription.Parse(request.Body.Span), null, markedSiprec);
            if (IsMetadataType(contentType))
                return Accepted(null, RecordingMetadataParser.Parse(request.Body.Span, _options.Strict), markedSiprec);
            if (contentType.Type.Equals("multipart", StringComparison.OrdinalIgnoreCase))
                return ParseMultipart(request.Body, contentType, markedSiprec);
        }
        catch (MetadataParseException ex)
        {
            return Reject(400, "Malformed Recording Metadata", $"Malformed recording metadata: {ex.Message}");
        }
        catch (FormatException ex)
        {
            return Reject(400, contentType.Is(SdpType) ? "Malformed SDP" : "Malformed Body", $"Malformed {(contentType.Is(SdpType) ? "SDP" : "body")}: {ex.Message}");
        }

        return UnsupportedBody($"Body type '{contentType.MediaType}' is not supported.");
    }

    private RecordingOfferOutcome ParseMultipart(ReadOnlyMemory<byte> body, SipContentType contentType, bool markedSiprec)
    {
        if (!contentType.SubType.Equals("mixed", StringComparison.OrdinalIgnoreCase))
            return UnsupportedBody($"Body type '{contentType.MediaType}' is not supported.");
        if (string.IsNullOrEmpty(contentType.Boundary))
            return Reject(400, "Multipart Boundary Missing", "Malformed body: multipart/mixed without a boundary parameter.");

        MultipartBody multipart;
        try
        {
            multipart = MultipartBody.Parse(body, contentType.Boundary);
        }
        catch (FormatException ex)
        {
            return Reject(400, "Malformed Multipart Body", $"Malformed multipart body: {ex.Message}");
        }

        var sdpPart = multipart.Parts.FirstOrDefault(p => p.ContentType?.Is(SdpType) == true);
        var metadataPart = multipart.Parts.FirstOrDefault(p => p.ContentType is { } type && IsMetadataType(type));
        if (sdpPart is null && metadataPart is null)
            return UnsupportedBody("The multipart body has neither an application/sdp nor an application/rs-metadata+xml part.");

        SdpSessionDescription? sdp;
        try
        {
            sdp = sdpPart is null ? null : SdpSessionDescription.Parse(sdpPart.Body.Span);
        }
        catch (FormatException ex)
        {
            return Reject(400, "Malformed SDP", $"Malformed SDP: {ex.Message}");
        }

        RecordingMetadata? metadata;
        try
        {
            metadata = metadataPart is null ? null : RecordingMetadataParser.Parse(metadataPart.Body.Span, _options.Strict);
        }
        catch (MetadataParseException ex)
        {
            return Reject(400, "Malformed Recording Metadata", $"Malformed recording metadata: {ex.Message}");
        }

        var hasRecordingPart = multipart.Parts.Any(p => string.Equals(p.DispositionType, RecordingSessionDisposition, StringComparison.OrdinalIgnoreCase));
        return Accepted(sdp, metadata, markedSiprec || hasRecordingPart);
    }

    /// <summary>The strict refusal of metadata whose streams are not the labelled m-lines of the SDP.</summary>
    internal static SignallingRejection StreamsDisagreeWithSdp { get; } =
        new(488, "Metadata Streams Not In SDP", "The streams of the recording metadata are not the labelled m-lines of the SDP.", []);

    private static bool IsMetadataType(SipContentType type) =>
        type.Is("application/rs-metadata+xml") || type.Is("application/rs-metadata");

    private static bool HasSrcFeature(SipRequest request)
    {
        if (request.Contacts.Any(c => c.Parameters.Contains(SrcFeatureTag)))
            return true;

        // A Contact the header parser cannot read may still carry the tag; the feature tag is what matters here.
        return request.Headers.GetAll(SipHeaderNames.Contact).Any(v => v.Contains(SrcFeatureTag, StringComparison.OrdinalIgnoreCase));
    }

    private RecordingOfferOutcome Accepted(SdpSessionDescription? sdp, RecordingMetadata? metadata, bool isSiprec)
    {
        var leniencies = metadata?.Leniencies ?? MetadataLeniency.None;
        if (sdp is not null && metadata is not null
            && RecordingMetadataSnapshot.From(metadata).DisagreesWithLabels(sdp.Media.Select(m => m.Label)))
        {
            if (_options.Strict)
                return RecordingOfferOutcome.Rejected(StreamsDisagreeWithSdp);
            leniencies |= MetadataLeniency.StreamsDisagreeWithSdp;
        }

        return RecordingOfferOutcome.Accepted(new RecordingOffer(sdp, metadata, isSiprec || metadata is not null) { Leniencies = leniencies });
    }

    private static RecordingOfferOutcome UnsupportedBody(string detail) =>
        Reject(415, "Unsupported Body Type", detail, KeyValuePair.Create(SipHeaderNames.Accept, AcceptedBodyTypes));

    private static RecordingOfferOutcome Reject(int statusCode, string reasonPhrase, string detail, params KeyValuePair<string, string>[] headers) =>
        RecordingOfferOutcome.Rejected(new SignallingRejection(statusCode, reasonPhrase, detail, headers));
}
