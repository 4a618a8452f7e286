using Siprec.Sip.Headers;

namespace Siprec.Sip.Tests.Headers;

public sealed class SipHeaderValueTests
{
    [Theory]
    [InlineData("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776;rport", "UDP", "192.0.2.1", 5060, "z9hG4bK776")]
    [InlineData("SIP/2.0/tls proxy.example.com;branch=z9hG4bKa;received=198.51.100.1", "TLS", "proxy.example.com", null, "z9hG4bKa")]
    [InlineData("SIP / 2.0 / TCP host.example.com : 5070 ; branch = z9hG4bKb", "TCP", "host.example.com", 5070, "z9hG4bKb")]
    [InlineData("SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKc", "WSS", "df7jal23ls0d.invalid", null, "z9hG4bKc")]
    public void ParsesVia(string text, string transport, string host, int? port, string branch)
    {
        var via = SipViaHeader.Parse(text);

        Assert.Equal(transport, via.Transport);
        Assert.Equal(host, via.Host);
        Assert.Equal(port, via.Port);
        Assert.Equal(branch, via.Branch);
        Assert.Equal("SIP/2.0", via.Protocol);
    }

    [Fact]
    public void ViaRportAndReceivedCanBeSet()
    {
        var via = SipViaHeader.Parse("SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bK1");

        Assert.True(via.HasRport);
        Assert.Null(via.Rport);
        var stamped = via.WithReceived("203.0.113.9").WithRport(40123);

        Assert.Equal("SIP/2.0/UDP 10.0.0.1:5060;rport=40123;branch=z9hG4bK1;received=203.0.113.9", stamped.ToString());
        Assert.Equal(40123, stamped.Rport);
        Assert.False(SipViaHeader.Parse("SIP/2.0/UDP h;branch=z9hG4bK2").HasRport);
    }

    [Theory]
    [InlineData("")]
    [InlineData("SIP/2.0 host")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0/UDP host:port")]
    [InlineData("SIP/2.0/UDP host;branch")]
    [InlineData("SIP/2.0/UDP host;;")]
    [InlineData("SIP/2.0/UDP ho st")]
    public void RejectsInvalidVia(string text) => Assert.False(SipViaHeader.TryParse(text, out _));

    [Theory]
    [InlineData("\"Alice \\\"A\\\"\" <sip:alice@example.com>;tag=1", "Alice \"A\"", "sip:alice@example.com", "1")]
    [InlineData("Bob  Smith <sip:bob@example.com>", "Bob  Smith", "sip:bob@example.com", null)]
    [InlineData("<sip:carol@example.com;transport=tcp>;tag=x;expires=60", null, "sip:carol@example.com;transport=tcp", "x")]
    [InlineData("sip:dave@example.com;tag=y", null, "sip:dave@example.com", "y")]
    [InlineData("\"\" <tel:+15551234567>", "", "tel:+15551234567", null)]
    public void ParsesNameAddress(string text, string? displayName, string uri, string? tag)
    {
        var value = SipNameAddress.Parse(text);

        Assert.Equal(displayName, value.DisplayName);
        Assert.Equal(uri, value.Uri.ToString());
        Assert.Equal(tag, value.Tag);
    }

    [Fact]
    public void NameAddressWritesQuotedNameAndTag()
    {
        var value = SipNameAddress.Parse("Alice <sip:alice@example.com>").WithTag("abc");

        Assert.Equal("\"Alice\" <sip:alice@example.com>;tag=abc", value.ToString());
        Assert.Equal(value.ToString(), SipNameAddress.Parse(value.ToString()).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"unterminated <sip:a@b>")]
    [InlineData("\"name\" sip:a@b")]
    [InlineData("<sip:a@b")]
    [InlineData("Bell, Alexander <sip:a@b>")]
    [InlineData("< sip:a@b >")]
    [InlineData("sip:a@b?x=y")]
    [InlineData("<sip:a@b>;=1")]
    public void RejectsInvalidNameAddress(string text) => Assert.False(SipNameAddress.TryParse(text, out _));

    [Theory]
    [InlineData("application/sdp", "application/sdp", null)]
    [InlineData("multipart/mixed;boundary=unique-boundary-1", "multipart/mixed", "unique-boundary-1")]
    [InlineData("Multipart/Mixed ; boundary=\"----=_Part 1\" ; charset=utf-8", "multipart/mixed", "----=_Part 1")]
    [InlineData("application/rs-metadata+xml", "application/rs-metadata+xml", null)]
    public void ParsesContentType(string text, string mediaType, string? boundary)
    {
        var value = SipContentType.Parse(text);

        Assert.Equal(mediaType, value.MediaType);
        Assert.Equal(boundary, value.Boundary);
        Assert.True(value.Is(mediaType));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sdp")]
    [InlineData("/sdp")]
    [InlineData("application/")]
    [InlineData("application/sdp;boundary=\"open")]
    [InlineData("application/s dp")]
    public void RejectsInvalidContentType(string text) => Assert.False(SipContentType.TryParse(text, out _));

    [Theory]
    [InlineData("1 INVITE", 1u, "INVITE")]
    [InlineData("  4294967295   BYE ", 4294967295u, "BYE")]
    [InlineData("0 X-CUSTOM", 0u, "X-CUSTOM")]
    public void ParsesCSeq(string text, uint number, string method) => Assert.Equal(new SipCSeq(number, method), SipCSeq.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("INVITE")]
    [InlineData("1")]
    [InlineData("-1 INVITE")]
    [InlineData("4294967296 INVITE")]
    [InlineData("1 INV ITE")]
    public void RejectsInvalidCSeq(string text) => Assert.False(SipCSeq.TryParse(text, out _));

    [Fact]
    public void SplitsListValues()
    {
        Assert.Equal(["a", "\"b,c\"", "<sip:d,e@f>", "g"], SipHeaderValueList.Split("a, \"b,c\" ,<sip:d,e@f>,,g"));
        Assert.Equal(["\"open, x"], SipHeaderValueList.Split("\"open, x"));
    }
}
