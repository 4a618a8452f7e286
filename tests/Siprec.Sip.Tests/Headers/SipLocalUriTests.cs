using System.Net;
using Siprec.Sip.Headers;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Tests.Headers;

public sealed class SipLocalUriTests
{
    [Theory]
    [InlineData("192.0.2.7", 5060, SipTransportKind.Udp, null, false, "sip:192.0.2.7:5060")]
    [InlineData("192.0.2.7", 5060, SipTransportKind.Tcp, null, false, "sip:192.0.2.7:5060;transport=tcp")]
    [InlineData("192.0.2.7", 5061, SipTransportKind.Tls, null, false, "sip:192.0.2.7:5061;transport=tls")]
    [InlineData("2001:db8::10", 5060, SipTransportKind.Udp, "srs", true, "sip:srs@[2001:db8::10]:5060")]
    [InlineData("2001:db8::10", 5060, SipTransportKind.Tcp, "srs", true, "sip:srs@[2001:db8::10]:5060;transport=tcp")]
    [InlineData("::1", 5061, SipTransportKind.Tls, "srs", true, "sips:srs@[::1]:5061;transport=tls")]
    public void NamesTheHostPortAndTransportOfTheChannel(string address, int port, SipTransportKind transport, string? user, bool sipsOverTls, string expected) =>
        Assert.Equal(expected, SipLocalUri.Create(IPAddress.Parse(address), port, transport, user, sipsOverTls).ToString());

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("fe80::1", "[fe80::1]")]
    public void PutsAnIpv6HostInBrackets(string address, string host) =>
        Assert.Equal(host, SipLocalUri.FormatHost(IPAddress.Parse(address)));
}
