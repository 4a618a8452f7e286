using System.Text;
using Siprec.Sip.Messages;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Tests.Transport;

public sealed class RawErrorResponseTests
{
    private const string Headers =
        "Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKraw\r\n" +
        "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKup\r\n" +
        "f: <sip:src@127.0.0.1>;tag=a\r\n" +
        "To: <sip:srs@127.0.0.1>\r\n" +
        "i: raw-call\r\n" +
        "CSeq: 7 INVITE\r\n";

    [Fact]
    public void Echoes_the_identifying_headers_and_adds_a_to_tag()
    {
        var raw = "INVITE sip:srs@127.0.0.1 SIP/2.0\r\n" + Headers + "Content-Length: nonsense\r\n\r\n";

        var bytes = RawErrorResponse.TryBuild(Encoding.UTF8.GetBytes(raw), 400, "Bad Content-Length", "[::1]", out var callId);

        var response = Assert.IsType<SipResponse>(SipMessageParser.Parse(bytes));
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("Bad Content-Length", response.ReasonPhrase);
        Assert.Equal("399 [::1] \"Bad Content-Length\"", response.Headers.Get("Warning"));
        Assert.Equal("raw-call", callId);
        Assert.Equal(2, response.Vias.Count);
        Assert.Equal("raw-call", response.CallId);
        Assert.Equal(new Siprec.Sip.Headers.SipCSeq(7, "INVITE"), response.CSeq);
        Assert.False(string.IsNullOrEmpty(response.ToTag()));
    }

    [Theory]
    [InlineData("ACK sip:srs@127.0.0.1 SIP/2.0\r\n" + Headers + "\r\n")]
    [InlineData("SIP/2.0 200 OK\r\n" + Headers + "\r\n")]
    [InlineData("INVITE sip:srs@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n")]
    [InlineData("not sip at all")]
    [InlineData("")]
    public void Returns_null_when_no_response_can_be_built(string raw)
    {
        Assert.Null(RawErrorResponse.TryBuild(Encoding.UTF8.GetBytes(raw), 400, "bad", "127.0.0.1", out _));
    }

    [Fact]
    public void Reason_with_line_breaks_cannot_inject_headers()
    {
        var raw = "OPTIONS sip:srs@127.0.0.1 SIP/2.0\r\n" + Headers + "\r\n";

        var bytes = RawErrorResponse.TryBuild(Encoding.UTF8.GetBytes(raw), 400, "bad\r\nX-Injected: \"yes\"", "127.0.0.1", out _);

        var response = Assert.IsType<SipResponse>(SipMessageParser.Parse(bytes));
        Assert.Null(response.Headers.Get("X-Injected"));
        Assert.Equal("399 127.0.0.1 \"bad  X-Injected: \\\"yes\\\"\"", response.Headers.Get("Warning"));
    }
}
