using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Recording.Tests.Signalling;

/// <summary>Builds recording requests as an SRC sends them.</summary>
internal static class SiprecRequests
{
    public const string Sdp =
        "v=0\r\no=SRC 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 0\r\na=label:1\r\na=sendonly\r\nm=audio 4002 RTP/AVP 0\r\na=label:2\r\na=sendonly\r\n";

    public const string Metadata =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<recording xmlns='urn:ietf:params:xml:ns:recording:1'>" +
        "<datamode>complete</datamode><session session_id=\"c2Vzcw==\"/>" +
        "<stream stream_id=\"czE=\" session_id=\"c2Vzcw==\"><label>1</label></stream></recording>\r\n";

    public const string DefaultHeaders = "Contact: <sip:src@127.0.0.2:5060>;+sip.src\r\nRequire: siprec\r\n";

    public static SipRequest Request(string? contentType, string body, string extraHeaders = DefaultHeaders, string method = "INVITE", string toTag = "")
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append(method).Append(" sip:srs@127.0.0.1:5060 SIP/2.0\r\n")
            .Append("Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-524287-1\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: <sip:src@127.0.0.2>;tag=src-1\r\n")
            .Append("To: <sip:srs@127.0.0.1>").Append(toTag.Length == 0 ? "" : ";tag=" + toTag).Append("\r\n")
            .Append("Call-ID: 0ba2cf53-9a78@127.0.0.2\r\n")
            .Append("CSeq: 1 ").Append(method).Append("\r\n")
            .Append(extraHeaders);
        if (contentType is not null)
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append("Content-Length: ").Append(bodyBytes.Length).Append("\r\n\r\n");
        var bytes = Encoding.UTF8.GetBytes(head.ToString()).Concat(bodyBytes).ToArray();
        return (SipRequest)SipMessageParser.Parse(bytes);
    }
}
