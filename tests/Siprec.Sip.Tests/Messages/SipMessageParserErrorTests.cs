using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Messages;

public sealed class SipMessageParserErrorTests
{
    private const string Headers =
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n" +
        "Call-ID: err@example.com\r\nCSeq: 1 OPTIONS\r\n";

    public static TheoryData<string, SipParseError> Malformed => new()
    {
        { "", SipParseError.Empty },
        { "\r\n\r\n", SipParseError.Empty },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers, SipParseError.MissingHeaderTerminator },
        { "OPTIONS sip:b@example.com SIP/2.0", SipParseError.MissingHeaderTerminator },
        { "OPTIONS\r\n" + Headers + "\r\n", SipParseError.InvalidStartLine },
        { "OPTIONS sip:b@example.com\r\n" + Headers + "\r\n", SipParseError.InvalidStartLine },
        { "OPT(IONS sip:b@example.com SIP/2.0\r\n" + Headers + "\r\n", SipParseError.InvalidMethod },
        { "OPTIONS sip:b@exa mple.com SIP/2.0\r\n" + Headers + "\r\n", SipParseError.InvalidRequestUri },
        { "OPTIONS sip:b@exa$mple.com SIP/2.0\r\n" + Headers + "\r\n", SipParseError.InvalidRequestUri },
        { "OPTIONS sip:b@example.com:99999 SIP/2.0\r\n" + Headers + "\r\n", SipParseError.InvalidRequestUri },
        { "OPTIONS sip:%zz@example.com SIP/2.0\r\n" + Headers + "\r\n", SipParseError.InvalidRequestUri },
        { "OPTIONS sip: SIP/2.0\r\n" + Headers + "\r\n", SipParseError.InvalidRequestUri },
        { "OPTIONS sip:b@example.com HTTP/1.1\r\n" + Headers + "\r\n", SipParseError.InvalidVersion },
        { "OPTIONS sip:b@example.com SIP/2\r\n" + Headers + "\r\n", SipParseError.InvalidVersion },
        { "OPTIONS sip:b@example.com SIP/3.0\r\n" + Headers + "\r\n", SipParseError.UnsupportedVersion },
        { "SIP/2.0 20 OK\r\n" + Headers + "\r\n", SipParseError.InvalidStatusCode },
        { "SIP/2.0 099 Low\r\n" + Headers + "\r\n", SipParseError.InvalidStatusCode },
        { "SIP/2.0 700 High\r\n" + Headers + "\r\n", SipParseError.InvalidStatusCode },
        { "SIP/2.0 2x0 OK\r\n" + Headers + "\r\n", SipParseError.InvalidStatusCode },
        { "SIP/2.0 200 O\u0001K\r\n" + Headers + "\r\n", SipParseError.InvalidReasonPhrase },
        { "SIP/2.0\r\n" + Headers + "\r\n", SipParseError.InvalidStartLine },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n continuation first\r\n" + Headers + "\r\n", SipParseError.InvalidHeaderLine },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "NoColonHere\r\n\r\n", SipParseError.InvalidHeaderLine },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Bad Name: x\r\n\r\n", SipParseError.InvalidHeaderLine },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + ": empty name\r\n\r\n", SipParseError.InvalidHeaderLine },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Contact: \"unterminated <sip:x@y>\r\n\r\n", SipParseError.InvalidHeaderValue },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n", "", StringComparison.Ordinal) + "\r\n", SipParseError.MissingVia },
        { "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0 192.0.2.1\r\n" + Headers + "\r\n", SipParseError.InvalidVia },
        { "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=\r\n" + Headers + "\r\n", SipParseError.InvalidVia },
        { "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:x\r\n" + Headers + "\r\n", SipParseError.InvalidVia },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("From: <sip:a@example.com>;tag=1\r\n", "", StringComparison.Ordinal) + "\r\n", SipParseError.MissingFrom },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("<sip:a@example.com>", "<sip:a@example.com", StringComparison.Ordinal) + "\r\n", SipParseError.InvalidFrom },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("To: <sip:b@example.com>\r\n", "", StringComparison.Ordinal) + "\r\n", SipParseError.MissingTo },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("To: <sip:b@example.com>", "To: <>", StringComparison.Ordinal) + "\r\n", SipParseError.InvalidTo },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("Call-ID: err@example.com\r\n", "", StringComparison.Ordinal) + "\r\n", SipParseError.MissingCallId },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("Call-ID: err@example.com", "Call-ID: a b", StringComparison.Ordinal) + "\r\n", SipParseError.InvalidCallId },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("Call-ID: err@example.com", "Call-ID:", StringComparison.Ordinal) + "\r\n", SipParseError.InvalidCallId },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("CSeq: 1 OPTIONS\r\n", "", StringComparison.Ordinal) + "\r\n", SipParseError.MissingCSeq },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("CSeq: 1 OPTIONS", "CSeq: OPTIONS", StringComparison.Ordinal) + "\r\n", SipParseError.InvalidCSeq },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("CSeq: 1 OPTIONS", "CSeq: 2147483648 OPTIONS", StringComparison.Ordinal) + "\r\n", SipParseError.InvalidCSeq },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers.Replace("CSeq: 1 OPTIONS", "CSeq: 1 options", StringComparison.Ordinal) + "\r\n", SipParseError.CSeqMethodMismatch },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Max-Forwards: 256\r\n\r\n", SipParseError.InvalidMaxForwards },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Max-Forwards: -1\r\n\r\n", SipParseError.InvalidMaxForwards },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Max-Forwards: 1\r\nMax-Forwards: 2\r\n\r\n", SipParseError.DuplicateHeader },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Contact: <bad uri>\r\n\r\n", SipParseError.InvalidContact },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Content-Type: sdp\r\n\r\n", SipParseError.InvalidContentType },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "c: a/b\r\nContent-Type: a/b\r\n\r\n", SipParseError.DuplicateHeader },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Content-Length: ten\r\n\r\n", SipParseError.InvalidContentLength },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Content-Length: 99999999999\r\n\r\n", SipParseError.InvalidContentLength },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Content-Length: 5\r\n\r\nabc", SipParseError.BodyTruncated },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "From: <sip:c@example.com>\r\n\r\n", SipParseError.DuplicateHeader },
        { "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Date: Sat, 13 Nov 2010 23:29:00\r\n\r\n", SipParseError.InvalidDate },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void RejectsWithExactReason(string text, SipParseError expected)
    {
        var error = Assert.Throws<SipParseException>(() => SipMessageParser.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(expected, error.Error);
        Assert.Equal(expected == SipParseError.UnsupportedVersion ? 505 : 400, error.SuggestedStatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void RejectsHeadersOverTheLimitWith513()
    {
        var text = "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "X-Big: " + new string('a', 2000) + "\r\n\r\n";

        var error = Assert.Throws<SipParseException>(
            () => SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), new SipParserOptions { MaxHeaderBytes = 1024 }));

        Assert.Equal(SipParseError.HeadersTooLarge, error.Error);
        Assert.Equal(513, error.SuggestedStatusCode);
    }

    [Fact]
    public void RejectsTooManyHeaders()
    {
        var text = "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + string.Concat(Enumerable.Repeat("X-A: 1\r\n", 20)) + "\r\n";

        var error = Assert.Throws<SipParseException>(
            () => SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), new SipParserOptions { MaxHeaderCount = 10 }));

        Assert.Equal(SipParseError.TooManyHeaders, error.Error);
    }

    [Fact]
    public void RejectsBodyOverTheLimit()
    {
        var text = "OPTIONS sip:b@example.com SIP/2.0\r\n" + Headers + "Content-Length: 100\r\n\r\n" + new string('x', 100);

        var error = Assert.Throws<SipParseException>(
            () => SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), new SipParserOptions { MaxBodyBytes = 10 }));

        Assert.Equal(SipParseError.BodyTooLarge, error.Error);
    }
}
