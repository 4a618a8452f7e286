namespace Siprec.Sip.Tests.Multipart;

/// <summary>SIPREC INVITE bodies (SDP plus RFC 7865 metadata) in the styles of common recording clients.</summary>
internal static class MultipartSamples
{
    public const string Metadata = """
        <?xml version="1.0" encoding="UTF-8"?>
        <recording xmlns="urn:ietf:params:xml:ns:recording:1">
          <datamode>complete</datamode>
          <session session_id="hVpd7YQgRW2nD22h7q60JQ==">
            <sipSessionID>ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000</sipSessionID>
          </session>
          <participant participant_id="srfBElmCRp2QB23b7Mpk0w==">
            <nameID aor="sip:alice@example.com"/>
          </participant>
          <stream stream_id="i1Pz3to5hGk8fuXl+PbwCw==" session_id="hVpd7YQgRW2nD22h7q60JQ==">
            <label>1</label>
          </stream>
        </recording>
        """;

    public const string Sdp = """
        v=0
        o=- 1 1 IN IP4 192.0.2.10
        s=-
        c=IN IP4 192.0.2.10
        t=0 0
        m=audio 20000 RTP/AVP 0
        a=sendonly
        a=label:1
        """;

    /// <summary>Acme/Oracle style: CRLF, unquoted boundary, SDP first, close delimiter.</summary>
    public static readonly string Oracle = ("--unique-boundary-1\n" +
        "Content-Type: application/sdp\n" +
        "\n" + Sdp + "\n" +
        "--unique-boundary-1\n" +
        "Content-Type: application/rs-metadata+xml\n" +
        "Content-Disposition: recording-session\n" +
        "\n" + Metadata + "\n" +
        "--unique-boundary-1--\n").ReplaceLineEndings("\r\n");

    /// <summary>Cisco CUBE style: session disposition with handling, Content-Length inside parts.</summary>
    public static readonly string Cisco = ("--uniqueBoundary\n" +
        "Content-Type: application/sdp\n" +
        "Content-Disposition: session;handling=required\n" +
        $"Content-Length: {Sdp.ReplaceLineEndings("\r\n").Length}\n" +
        "\n" + Sdp + "\n" +
        "--uniqueBoundary\n" +
        "Content-Type: application/rs-metadata+xml\n" +
        "Content-Disposition: recording-session\n" +
        "\n" + Metadata + "\n" +
        "--uniqueBoundary--\n").ReplaceLineEndings("\r\n");

    /// <summary>AudioCodes style: preamble text, metadata first, folded part header, epilogue.</summary>
    public static readonly string AudioCodes = ("This is a multi-part message in MIME format.\n" +
        "--boundary_ac1fffff85b\n" +
        "Content-Type: application/rs-metadata+xml\n" +
        "Content-Disposition: recording-session;\n" +
        " handling=required\n" +
        "\n" + Metadata + "\n" +
        "--boundary_ac1fffff85b\n" +
        "Content-Type: application/sdp\n" +
        "\n" + Sdp + "\n" +
        "--boundary_ac1fffff85b--\n" +
        "epilogue that must be ignored\n").ReplaceLineEndings("\r\n");

    /// <summary>FreeSWITCH style: LF line ends only, boundary given quoted in the header.</summary>
    public static readonly string FreeSwitch = "--FS-boundary-8f3a\n" +
        "Content-Type: application/sdp\n" +
        "\n" + Sdp.ReplaceLineEndings("\n") + "\n" +
        "--FS-boundary-8f3a\n" +
        "Content-Type: application/rs-metadata+xml\n" +
        "Content-Disposition: recording-session\n" +
        "\n" + Metadata.ReplaceLineEndings("\n") + "\n" +
        "--FS-boundary-8f3a--\n";

    /// <summary>Avaya style: Content-ID headers, an extra part, delimiter lookalikes inside a body, no close delimiter.</summary>
    public static readonly string Avaya = ("--avaya-srec\n" +
        "Content-Type: application/sdp\n" +
        "Content-ID: <sdp@avaya.example.com>\n" +
        "\n" + Sdp + "\n" +
        "--avaya-srec\n" +
        "Content-Type: application/rs-metadata+xml\n" +
        "Content-ID: <meta@avaya.example.com>\n" +
        "Content-Disposition: recording-session\n" +
        "\n" + Metadata + "\n" +
        "--avaya-srec\n" +
        "Content-Type: text/plain\n" +
        "\n" +
        "extra part\n" +
        "--avaya-srecX is not a delimiter\n").ReplaceLineEndings("\r\n");
}
