using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Messages;

public sealed class SipMessageParserShapeTests
{
    private const string Headers =
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n" +
        "Call-ID: shape@example.com\r\nCSeq: 1 {0}\r\n";

    public static TheoryData<string> Methods => ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "INFO", "PRACK", "NOTIFY", "X-CUSTOM"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void ParsesEveryMethod(string method)
    {
        var text = $"{method} sip:b@example.com SIP/2.0\r\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Headers, method) + "\r\n";

        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(method, request.Method);
        Assert.Equal(method, request.CSeq!.Method);
        Assert.Null(request.MaxForwards);
        Assert.True(request.Body.IsEmpty);
    }

    [Theory]
    [InlineData(100, "Trying")]
    [InlineData(180, "Ringing")]
    [InlineData(183, "Session Progress")]
    [InlineData(200, "OK")]
    [InlineData(302, "Moved Temporarily")]
    [InlineData(488, "Not Acceptable Here")]
    [InlineData(503, "Service Unavailable")]
    [InlineData(603, "Decline")]
    public void ParsesEveryResponseClass(int code, string reason)
    {
        var text = $"SIP/2.0 {code} {reason}\r\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Headers, "INVITE") + "\r\n";

        var response = Assert.IsType<SipResponse>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(code, response.StatusCode);
        Assert.Equal(reason, response.ReasonPhrase);
        Assert.Equal(reason, SipReasonPhrases.For(code));
    }

    [Fact]
    public void ToleratesBareLfLeadingBlankLinesAndLowercaseVersion()
    {
        var text = "\r\n\n" + ("options sip:b@example.com sip/2.0\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Headers, "options") + "\n")
            .Replace("\r\n", "\n", StringComparison.Ordinal);

        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("options", request.Method);
        Assert.Equal("shape@example.com", request.CallId);
    }

    [Fact]
    public void TruncatesBodyBeyondContentLengthAndTakesRestWithoutIt()
    {
        var head = "MESSAGE sip:b@example.com SIP/2.0\r\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Headers, "MESSAGE");

        var truncated = SipMessageParser.Parse(Encoding.UTF8.GetBytes(head + "Content-Length: 3\r\n\r\nabcdef"));
        var rest = SipMessageParser.Parse(Encoding.UTF8.GetBytes(head + "\r\nabcdef"));

        Assert.Equal("abc", Encoding.UTF8.GetString(truncated.Body.Span));
        Assert.Equal("abcdef", Encoding.UTF8.GetString(rest.Body.Span));
    }

    [Fact]
    public void SplitsListHeadersButNotQuotedOrBracketedCommas()
    {
        var text = "INVITE sip:b@example.com SIP/2.0\r\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Headers, "INVITE") +
            "Contact: \"Doe, John\" <sip:j,k@example.com;x=1>, <sip:k@example.com>\r\n" +
            "Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>\r\n" +
            "Subject: hello, world\r\n" +
            "Supported:\r\n" +
            "Allow: INVITE,ACK , BYE\r\n\r\n";

        var request = SipMessageParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal(["\"Doe, John\" <sip:j,k@example.com;x=1>", "<sip:k@example.com>"], request.Headers.GetAll("m"));
        Assert.Equal("Doe, John", request.Contacts[0].DisplayName);
        Assert.Equal(2, request.Headers.GetAll("Route").Count);
        Assert.Equal("hello, world", request.Headers.Get("Subject"));
        Assert.Equal([string.Empty], request.Headers.GetAll("Supported"));
        Assert.Empty(request.Supported);
        Assert.Equal(["INVITE", "ACK", "BYE"], request.Headers.GetAll("Allow"));
    }

    [Fact]
    public void UnfoldsContinuationLinesIntoOneSpace()
    {
        var text = "OPTIONS sip:b@example.com SIP/2.0\r\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Headers, "OPTIONS") +
            "Subject: first  \r\n \t second\r\n\tthird\r\n\r\n";

        var message = SipMessageParser.Parse(Encoding.UTF8.GetBytes(text));

        Assert.Equal("first second third", message.Headers.Get("Subject"));
    }

    [Fact]
    public void AcceptsWildcardContactAndIpv6Hosts()
    {
        var text = "REGISTER sip:[2001:db8::1]:5060 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP [2001:db8::2]:5062;branch=z9hG4bK9;rport=5062;received=2001:db8::3\r\n" +
            "From: <sip:a@example.com>;tag=1\r\nTo: <sip:a@example.com>\r\nCall-ID: v6@example.com\r\nCSeq: 2 REGISTER\r\n" +
            "Contact: *\r\nExpires: 0\r\n\r\n";

        var request = Assert.IsType<SipRequest>(SipMessageParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("[2001:db8::1]", request.RequestUri.Host);
        Assert.Equal(5060, request.RequestUri.Port);
        Assert.Equal("[2001:db8::2]", request.Vias[0].Host);
        Assert.Equal(5062, request.Vias[0].Rport);
        Assert.Equal("2001:db8::3", request.Vias[0].Received);
        Assert.Empty(request.Contacts);
        Assert.Equal("*", request.Headers.Get("Contact"));
    }
}
