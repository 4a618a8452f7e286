using Siprec.Sip.Headers;

namespace Siprec.Sip.Tests.Headers;

public sealed class SipUriTests
{
    [Theory]
    [InlineData("sip:srs@recorder.example.com")]
    [InlineData("sips:alice:secret@example.com:5061;transport=tls")]
    [InlineData("sip:192.0.2.1:5060;lr;maddr=239.255.255.1;ttl=15")]
    [InlineData("sip:[2001:db8::10]:5070;transport=tcp")]
    [InlineData("sip:+15551234567;phone-context=example.com@gw.example.com;user=phone")]
    [InlineData("sip:user@example.com?subject=project%20x&priority=urgent")]
    [InlineData("tel:+1-201-555-0123")]
    [InlineData("urn:service:sos")]
    public void RoundTrips(string text) => Assert.Equal(text, SipUri.Parse(text).ToString());

    [Fact]
    public void SplitsParts()
    {
        var uri = SipUri.Parse("SIPS:alice:secret@Example.com:5061;transport=tls;lr?subject=x&h");

        Assert.Equal("sips", uri.Scheme);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secret", uri.Password);
        Assert.Equal("Example.com", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tls", uri.Transport);
        Assert.True(uri.Parameters.Contains("lr"));
        Assert.Null(uri.Parameters.Get("lr"));
        Assert.Equal("x", uri.Headers.Get("subject"));
        Assert.True(uri.Headers.Contains("h"));
        Assert.True(uri.IsSip);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip")]
    [InlineData("sip:")]
    [InlineData("1sip:a@b")]
    [InlineData("sip:a@")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:a b@example.com")]
    [InlineData("<sip:a@example.com>")]
    [InlineData("sip:a@example.com:")]
    [InlineData("sip:a@example.com:65536")]
    [InlineData("sip:a@example.com:12x")]
    [InlineData("sip:a@exa$mple.com")]
    [InlineData("sip:a@[2001:db8::1")]
    [InlineData("sip:a@[2001:db8::g]")]
    [InlineData("sip:a@[2001:db8::1]x")]
    [InlineData("sip:%4@example.com")]
    [InlineData("sip:a@example.com;=x")]
    [InlineData("sip:a@example.com;p=")]
    [InlineData("tel:")]
    public void RejectsInvalid(string text)
    {
        Assert.False(SipUri.TryParse(text, out _));
        Assert.Throws<FormatException>(() => SipUri.Parse(text));
    }

    [Fact]
    public void CreateBuildsSipUri() =>
        Assert.Equal("sip:srs@192.0.2.5:5080", SipUri.Create("192.0.2.5", "srs", 5080).ToString());

    [Fact]
    public void ParsedCopiesCompareByValue()
    {
        var first = SipUri.Parse("sip:a@example.com;transport=tcp;lr");
        var second = SipUri.Parse("sip:a@example.com;TRANSPORT=tcp;lr");
        var third = SipUri.Parse("sip:a@example.com;transport=udp;lr");

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, third);
        Assert.Equal(SipNameAddress.Parse("<sip:a@b>;tag=1"), SipNameAddress.Parse("<sip:a@b>;tag=1"));
    }
}
