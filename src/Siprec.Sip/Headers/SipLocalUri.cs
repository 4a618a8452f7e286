using System.Net;
using System.Net.Sockets;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Headers;

/// <summary>
/// The URI by which this stack is reached on one of its channels, as written in a Contact: the host (an IPv6 address
/// in brackets), the port, and a <c>transport</c> parameter for anything but UDP.
/// </summary>
public static class SipLocalUri
{
    /// <summary>
    /// The URI of <paramref name="address"/>:<paramref name="port"/> over <paramref name="transport"/>, with
    /// <paramref name="user"/> when given; <paramref name="sipsOverTls"/> makes it a <c>sips:</c> URI on TLS.
    /// </summary>
    public static SipUri Create(IPAddress address, int port, SipTransportKind transport, string? user = null, bool sipsOverTls = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        var scheme = sipsOverTls && transport == SipTransportKind.Tls ? "sips" : "sip";
        var uri = SipUri.Create(FormatHost(address), user, port, scheme);
        return transport == SipTransportKind.Udp
            ? uri
            : uri with { Parameters = uri.Parameters.With("transport", transport.ToString().ToLowerInvariant()) };
    }

    /// <summary>An address as the host part of a URI: IPv6 in brackets, IPv4 as is.</summary>
    public static string FormatHost(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
    }
}
