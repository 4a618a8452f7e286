using Siprec.Sip.Headers;

namespace Siprec.Sip.Tests.Headers;

public sealed class SipHeaderCollectionTests
{
    [Theory]
    [InlineData("i", "Call-ID")]
    [InlineData("m", "Contact")]
    [InlineData("e", "Content-Encoding")]
    [InlineData("l", "Content-Length")]
    [InlineData("c", "Content-Type")]
    [InlineData("f", "From")]
    [InlineData("s", "Subject")]
    [InlineData("k", "Supported")]
    [InlineData("t", "To")]
    [InlineData("v", "Via")]
    [InlineData("u", "Allow-Events")]
    [InlineData("o", "Event")]
    [InlineData("r", "Refer-To")]
    [InlineData("x", "Session-Expires")]
    [InlineData("CALL-id", "Call-ID")]
    [InlineData("X-Custom", "X-Custom")]
    public void CanonicalizesCompactAndCasedNames(string name, string canonical)
    {
        var headers = new SipHeaderCollection();
        headers.Add(name, "value");

        Assert.Equal(canonical, SipHeaderNames.Canonicalize(name));
        Assert.Equal(canonical, headers[0].Name);
        Assert.Equal("value", headers.Get(canonical.ToUpperInvariant()));
        Assert.Equal("value", headers.Get(name));
    }

    [Fact]
    public void PreservesOrderAndSupportsSetRemoveAndAddFirst()
    {
        var headers = new SipHeaderCollection();
        headers.Add("Via", "v1");
        headers.Add("To", "t");
        headers.Add("v", "v2");
        headers.Add("X-A", "a");

        headers.AddFirst("Via", "v0");
        Assert.Equal(["v0", "v1", "v2"], headers.GetAll("via"));
        Assert.True(headers.ReplaceFirst("VIA", "v0b"));
        Assert.Equal(["v0b", "v1", "v2"], headers.GetAll("Via"));

        headers.Set("Via", "only");
        Assert.Equal(["Via", "To", "X-A"], headers.Select(h => h.Name));
        Assert.Equal("only", headers.Get("v"));

        headers.Set("Max-Forwards", "70");
        Assert.Equal("Max-Forwards", headers[^1].Name);

        Assert.True(headers.Remove("x-a"));
        Assert.False(headers.Remove("x-a"));
        Assert.False(headers.Contains("X-A"));
        Assert.Null(headers.Get("X-A"));
        Assert.Empty(headers.GetAll("X-A"));
        Assert.False(headers.ReplaceFirst("X-A", "z"));
        Assert.Equal(3, headers.Count);
    }

    [Theory]
    [InlineData("X-Bad Name", "v")]
    [InlineData("", "v")]
    [InlineData("Subject", "line\r\nInjected: yes")]
    [InlineData("Subject", "lone\r")]
    public void RejectsHeaderInjection(string name, string value)
    {
        var headers = new SipHeaderCollection();

        Assert.Throws<ArgumentException>(() => headers.Add(name, value));
        Assert.Throws<ArgumentException>(() => headers.Set(name, value));
        Assert.Empty(headers);
    }
}
