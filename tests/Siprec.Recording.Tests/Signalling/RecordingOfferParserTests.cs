using Siprec.Recording.Metadata;
using Siprec.Recording.Signalling;

namespace Siprec.Recording.Tests.Signalling;

public sealed class RecordingOfferParserTests
{
    private const string Boundary = "OSS-unique-boundary-42";
    private const string SdpPart = "Content-Type: application/sdp\r\n\r\n" + SiprecRequests.Sdp;
    private const string MetadataPart = "Content-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n" + SiprecRequests.Metadata;

    private static readonly RecordingOfferParser Tolerant = new(new RecordingSignallingOptions());
    private static readonly RecordingOfferParser Strict = new(new RecordingSignallingOptions { Strict = true });

    private static string Multipart(params string[] parts) =>
        string.Concat(parts.Select(p => $"--{Boundary}\r\n{p}\r\n")) + $"--{Boundary}--\r\n";

    public static TheoryData<string, string, int, string?> MultipartStyles => new()
    {
        { "sdp then metadata", Multipart(SdpPart, MetadataPart), 2, "c2Vzcw==" },
        { "metadata then sdp", Multipart(MetadataPart, SdpPart), 2, "c2Vzcw==" },
        { "extra parts ignored", Multipart("Content-Type: text/plain\r\n\r\nhello", MetadataPart, "Content-Type: application/pidf+xml\r\n\r\n<presence/>", SdpPart), 2, "c2Vzcw==" },
        { "rs-metadata without +xml", Multipart(SdpPart, "Content-Type: application/rs-metadata\r\nContent-Disposition: recording-session\r\n\r\n" + SiprecRequests.Metadata), 2, "c2Vzcw==" },
        {
            "content-length inside parts",
            Multipart(
                $"Content-Type: application/sdp\r\nContent-Length: {SiprecRequests.Sdp.Length}\r\n\r\n{SiprecRequests.Sdp}",
                $"Content-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\nContent-Length: {SiprecRequests.Metadata.Length}\r\n\r\n{SiprecRequests.Metadata}"),
            2, "c2Vzcw=="
        },
        { "lf only", Multipart(SdpPart, MetadataPart).Replace("\r\n", "\n", StringComparison.Ordinal), 2, "c2Vzcw==" },
        { "preamble and lower-case headers", "This is a SIPREC body.\r\n" + Multipart("content-type: application/sdp\r\n\r\n" + SiprecRequests.Sdp, "content-type: application/rs-metadata+xml\r\ncontent-disposition: recording-session\r\n\r\n" + SiprecRequests.Metadata), 2, "c2Vzcw==" },
        { "sdp only part", Multipart(SdpPart), 2, null },
    };

    [Theory]
    [MemberData(nameof(MultipartStyles))]
    public void Reads_sdp_and_metadata_from_multipart_bodies(string style, string body, int mediaCount, string? sessionId)
    {
        var request = SiprecRequests.Request($"multipart/mixed;boundary={Boundary}", body);

        var outcome = Tolerant.Parse(request);

        Assert.True(outcome.IsAccepted, $"{style}: {outcome.Rejection?.Detail}");
        Assert.Equal(mediaCount, outcome.Offer.Sdp!.Media.Count);
        Assert.Equal(["1", "2"], outcome.Offer.Sdp.Media.Select(m => m.Label));
        Assert.Equal(sessionId, outcome.Offer.Metadata?.Sessions.Single().Id);
        Assert.True(outcome.Offer.IsSiprec);
    }

    [Fact]
    public void Quoted_boundary_is_accepted()
    {
        var request = SiprecRequests.Request($"multipart/mixed; boundary=\"{Boundary}\"", Multipart(MetadataPart, SdpPart));

        var outcome = Tolerant.Parse(request);

        Assert.Equal("c2Vzcw==", outcome.Offer!.Metadata!.Sessions[0].Id);
    }

    [Theory]
    [InlineData(SiprecRequests.DefaultHeaders, true)]
    [InlineData("Contact: <sip:src@127.0.0.2:5060>;+sip.src\r\n", true)]
    [InlineData("Contact: <sip:src@127.0.0.2:5060>\r\nRequire: siprec\r\n", true)]
    [InlineData("Contact: <sip:src@127.0.0.2:5060>\r\n", false)]
    [InlineData("Contact: <sip:src@127.0.0.2:5060>\r\nSupported: siprec, timer\r\n", false)]
    public void Plain_sdp_is_siprec_only_when_headers_say_so(string headers, bool isSiprec)
    {
        var outcome = Tolerant.Parse(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp, headers));

        Assert.True(outcome.IsAccepted);
        Assert.Equal(2, outcome.Offer.Sdp!.Media.Count);
        Assert.Null(outcome.Offer.Metadata);
        Assert.Equal(isSiprec, outcome.Offer.IsSiprec);
    }

    [Theory]
    [InlineData("application/rs-metadata+xml")]
    [InlineData("application/rs-metadata")]
    [InlineData("Application/RS-Metadata+XML")]
    public void Metadata_only_update_carries_no_sdp(string contentType)
    {
        var outcome = Tolerant.Parse(SiprecRequests.Request(contentType, SiprecRequests.Metadata, "", "UPDATE", "srs-1"));

        Assert.True(outcome.IsAccepted);
        Assert.Null(outcome.Offer.Sdp);
        Assert.Equal("czE=", outcome.Offer.Metadata!.Streams[0].Id);
        Assert.True(outcome.Offer.IsSiprec);
        Assert.False(outcome.Offer.IsEmpty);
    }

    [Theory]
    [InlineData("INVITE")]
    [InlineData("UPDATE")]
    public void Request_without_body_is_a_refresh(string method)
    {
        var outcome = Tolerant.Parse(SiprecRequests.Request(null, "", SiprecRequests.DefaultHeaders, method, "srs-1"));

        Assert.True(outcome.IsAccepted);
        Assert.True(outcome.Offer.IsEmpty);
    }

    public static TheoryData<string?, string, int, string> Refusals => new()
    {
        { "text/plain", "hello", 415, "Body type 'text/plain' is not supported." },
        { "multipart/related;boundary=" + Boundary, Multipart(SdpPart), 415, "Body type 'multipart/related' is not supported." },
        { "multipart/mixed;boundary=" + Boundary, Multipart("Content-Type: text/plain\r\n\r\nhello"), 415, "The multipart body has neither an application/sdp nor an application/rs-metadata+xml part." },
        { null, SiprecRequests.Sdp, 415, "A body without Content-Type." },
        { "application/sdp", "v=0\r\nthis is not sdp\r\n", 400, "Malformed SDP: " },
        { "application/rs-metadata+xml", "<recording xmlns='urn:ietf:params:xml:ns:recording:1'>", 400, "Malformed recording metadata: Recording metadata is not well-formed XML:" },
        { "multipart/mixed;boundary=" + Boundary, Multipart(SdpPart, "Content-Type: application/rs-metadata+xml\r\n\r\n<recording"), 400, "Malformed recording metadata: Recording metadata is not well-formed XML:" },
        { "multipart/mixed;boundary=" + Boundary, Multipart("Content-Type: application/sdp\r\n\r\nm=garbage"), 400, "Malformed SDP: " },
        { "multipart/mixed", Multipart(SdpPart), 400, "Malformed body: multipart/mixed without a boundary parameter." },
        { "multipart/mixed;boundary=another-boundary", Multipart(SdpPart), 400, "Malformed multipart body: " },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_bodies_it_cannot_use_with_the_right_status(string? contentType, string body, int status, string detailPrefix)
    {
        var outcome = Tolerant.Parse(SiprecRequests.Request(contentType, body));

        Assert.False(outcome.IsAccepted);
        Assert.Equal(status, outcome.Rejection.StatusCode);
        Assert.StartsWith(detailPrefix, outcome.Rejection.Detail, StringComparison.Ordinal);
        Assert.Equal(
            status == 415 ? [new KeyValuePair<string, string>("Accept", "application/sdp, application/rs-metadata+xml, application/rs-metadata, multipart/mixed")] : [],
            outcome.Rejection.Headers);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public void Encoded_bodies_are_refused_with_415_and_accept_encoding(string encoding)
    {
        var outcome = Tolerant.Parse(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp, SiprecRequests.DefaultHeaders + $"Content-Encoding: {encoding}\r\n"));

        Assert.Equal(415, outcome.Rejection!.StatusCode);
        Assert.Equal($"Content-Encoding '{encoding}' is not supported.", outcome.Rejection.Detail);
        Assert.Equal([new KeyValuePair<string, string>("Accept-Encoding", "identity")], outcome.Rejection.Headers);
    }

    [Theory]
    [InlineData("Require: siprec, 100rel\r\n", "100rel")]
    [InlineData("Require: replaces\r\nRequire: siprec\r\nRequire: foo, Replaces\r\n", "replaces, foo")]
    public void Unsupported_required_extensions_are_refused_with_420(string headers, string unsupported)
    {
        var outcome = Tolerant.Parse(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp, "Contact: <sip:src@127.0.0.2>;+sip.src\r\n" + headers));

        Assert.Equal((420, "Unsupported Option Tag"), (outcome.Rejection!.StatusCode, outcome.Rejection.ReasonPhrase));
        Assert.Equal([new KeyValuePair<string, string>("Unsupported", unsupported)], outcome.Rejection.Headers);
    }

    [Fact]
    public void Supported_required_extensions_are_accepted()
    {
        var outcome = Tolerant.Parse(SiprecRequests.Request("application/sdp", SiprecRequests.Sdp, "Contact: <sip:src@127.0.0.2>;+sip.src\r\nRequire: siprec, timer\r\nSession-Expires: 1800\r\n"));

        Assert.True(outcome.IsAccepted);
    }

    [Theory]
    [InlineData("Contact: <sip:src@127.0.0.2>;+sip.src\r\nRequire: siprec\r\n", "INVITE", "", true)]
    [InlineData("Contact: <sip:src@127.0.0.2>;+sip.src\r\nSupported: siprec\r\n", "INVITE", "", true)]
    [InlineData("Contact: <sip:src@127.0.0.2>\r\nRequire: siprec\r\n", "INVITE", "", false)]
    [InlineData("Contact: <sip:src@127.0.0.2>;+sip.src\r\n", "INVITE", "", false)]
    [InlineData("Contact: <sip:src@127.0.0.2>\r\n", "INVITE", "", false)]
    [InlineData("Contact: <sip:src@127.0.0.2>\r\n", "INVITE", "srs-1", true)]
    [InlineData("Contact: <sip:src@127.0.0.2>\r\n", "UPDATE", "srs-1", true)]
    public void Strict_mode_refuses_new_invites_not_marked_as_recording_sessions_with_403(string headers, string method, string toTag, bool accepted)
    {
        var request = SiprecRequests.Request("application/sdp", SiprecRequests.Sdp, headers, method, toTag);

        var strict = Strict.Parse(request);
        var tolerant = Tolerant.Parse(request);

        Assert.Equal(accepted, strict.IsAccepted);
        Assert.True(tolerant.IsAccepted);
        if (!accepted)
            Assert.Equal((403, "Not a Recording Session"), (strict.Rejection!.StatusCode, strict.Rejection.ReasonPhrase));
    }

    private const string PlaceholderMetadata =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>complete</datamode>" +
        "<session session_id=\"c2Vzcw==\"/><participant participant_id=\"\"><nameID aor=\"sip:unknown@invalid\"/></participant>" +
        "<stream stream_id=\"\" session_id=\"c2Vzcw==\"><label>1</label></stream>" +
        "<stream stream_id=\"\" session_id=\"c2Vzcw==\"><label>2</label></stream></recording>\r\n";

    [Fact]
    public void Placeholder_invite_is_accepted_with_its_leniencies_unless_strict()
    {
        var request = SiprecRequests.Request($"multipart/mixed;boundary={Boundary}",
            Multipart(SdpPart, "Content-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n" + PlaceholderMetadata));

        var tolerant = Tolerant.Parse(request);
        var strict = Strict.Parse(request);

        Assert.True(tolerant.IsAccepted, tolerant.Rejection?.Detail);
        Assert.Equal(
            MetadataLeniency.StreamWithoutId | MetadataLeniency.ParticipantWithoutId | MetadataLeniency.PlaceholderParticipant,
            tolerant.Offer.Leniencies);
        Assert.Equal((400, "Malformed Recording Metadata"), (strict.Rejection!.StatusCode, strict.Rejection.ReasonPhrase));
        Assert.Equal("Malformed recording metadata: Element 'participant' has no participant id.", strict.Rejection.Detail);
    }

    [Fact]
    public void Metadata_naming_a_stream_the_sdp_lacks_is_accepted_unless_strict()
    {
        var oneMLine = SiprecRequests.Sdp[..SiprecRequests.Sdp.IndexOf("m=audio 4002", StringComparison.Ordinal)];
        var twoStreams = SiprecRequests.Metadata.Replace("</recording>", "<stream stream_id=\"czI=\" session_id=\"c2Vzcw==\"><label>2</label></stream></recording>", StringComparison.Ordinal);
        var request = SiprecRequests.Request($"multipart/mixed;boundary={Boundary}",
            Multipart("Content-Type: application/rs-metadata+xml\r\n\r\n" + twoStreams, "Content-Type: application/sdp\r\n\r\n" + oneMLine));

        var tolerant = Tolerant.Parse(request);
        var strict = Strict.Parse(request);

        Assert.Equal(MetadataLeniency.StreamsDisagreeWithSdp, tolerant.Offer!.Leniencies);
        Assert.Equal((488, "Metadata Streams Not In SDP"), (strict.Rejection!.StatusCode, strict.Rejection.ReasonPhrase));
    }

    [Fact]
    public void Metadata_and_sdp_naming_the_same_streams_need_no_leniency()
    {
        var bothStreams = SiprecRequests.Metadata.Replace("</recording>", "<stream stream_id=\"czI=\" session_id=\"c2Vzcw==\"><label>2</label></stream></recording>", StringComparison.Ordinal);
        var request = SiprecRequests.Request($"multipart/mixed;boundary={Boundary}",
            Multipart(SdpPart, "Content-Type: application/rs-metadata+xml\r\n\r\n" + bothStreams));

        Assert.Equal(MetadataLeniency.None, Strict.Parse(request).Offer!.Leniencies);
    }
}
