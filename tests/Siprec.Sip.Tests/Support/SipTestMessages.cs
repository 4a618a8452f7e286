using System.Globalization;
using System.Text;

namespace Siprec.Sip.Tests.Support;

/// <summary>Request texts as an SRC would send them, with the parts tests vary as parameters.</summary>
internal static class SipTestMessages
{
    public static string Request(
        string method,
        string branch,
        string callId,
        int cseq = 1,
        string fromTag = "src-tag",
        string? toTag = null,
        string sentBy = "127.0.0.1:5099",
        string transport = "UDP",
        string viaParameters = ";rport",
        string? cseqMethod = null,
        string extraHeaders = "",
        string body = "",
        string requestUri = "sip:srs@127.0.0.1")
    {
        var to = toTag is null ? "<sip:srs@127.0.0.1>" : $"<sip:srs@127.0.0.1>;tag={toTag}";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{method} {requestUri} SIP/2.0\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{transport} {sentBy};branch={branch}{viaParameters}\r\n");
        text.Append("Max-Forwards: 70\r\n");
        text.Append(CultureInfo.InvariantCulture, $"From: <sip:src@127.0.0.1>;tag={fromTag}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"To: {to}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} {cseqMethod ?? method}\r\n");
        text.Append(extraHeaders);
        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n");
        text.Append(body);
        return text.ToString();
    }

    public static string Invite(string branch, string callId, int contactPort, string sentBy, string transport = "UDP", string extraHeaders = "") =>
        Request("INVITE", branch, callId, sentBy: sentBy, transport: transport,
            extraHeaders: $"Contact: <sip:src@127.0.0.1:{contactPort}>\r\n{extraHeaders}");

    public static string Branch(string suffix) => "z9hG4bK" + suffix;
}
