using System.Text;

namespace Siprec.Sip.Tests.Messages;

/// <summary>Realistic SIP messages shared by the parser, framer and writer tests.</summary>
internal static class SipSamples
{
    public const string Invite = """
        INVITE sip:srs@recorder.example.com:5060;transport=tcp SIP/2.0
        Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-524287-1;rport
        Via: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKnashds8;received=198.51.100.8
        Max-Forwards: 70
        From: "SBC Recorder" <sip:src@sbc.example.com>;tag=9fxced76sl
        To: <sip:srs@recorder.example.com>
        Call-ID: 3848276298220188511@sbc.example.com
        CSeq: 314159 INVITE
        Contact: <sip:src@192.0.2.10:5060;transport=tcp>;+sip.src
        Require: siprec
        Supported: timer, replaces,100rel
        Content-Type: application/sdp
        Content-Length: 12

        v=0
        o=- 1 1
        """;

    public const string Response = """
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1
        From: <sip:src@sbc.example.com>;tag=a1
        To: <sip:srs@recorder.example.com>;tag=b2
        Call-ID: resp-1@sbc.example.com
        CSeq: 1 INVITE
        Content-Length: 0


        """;

    public const string Options = """
        OPTIONS sip:srs@recorder.example.com SIP/2.0
        v: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-opt
        f: <sip:ping@sbc.example.com>;tag=p1
        t: <sip:srs@recorder.example.com>
        i: opt-1@sbc.example.com
        CSeq: 7 OPTIONS
        l: 0


        """;

    /// <summary>Converts the LF line ends of a raw literal to CRLF.</summary>
    public static string Crlf(string text) => text.ReplaceLineEndings("\r\n");

    /// <summary>The CRLF wire bytes of a sample.</summary>
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(Crlf(text));
}
