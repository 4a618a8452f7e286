using System.Net;
using System.Net.NetworkInformation;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Transport;

/// <summary>
/// Tells whether a SIP URI names this server on a channel: the advertised host, or an address the channel answers on,
/// at the channel's port. A Route entry that does is ours to consume (RFC 3261 §16.4 "this proxy").
/// </summary>
internal sealed class LocalUriMatcher(string? advertisedHost)
{
    private readonly string? _advertisedHost = advertisedHost?.Trim('[', ']');

    /// <summary>True when <paramref name="uri"/> reaches this server over <paramref name="channel"/>.</summary>
    public bool Names(SipUri uri, ISipChannel channel)
    {
        if (!uri.IsSip)
        {
            return false;
        }

        var local = channel.LocalEndPoint;
        if (SipMessageFacts.PortOf(uri, channel.Kind) != local.Port)
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        if (string.Equals(host, _advertisedHost, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        var bound = Unmapped(local.Address);
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            return address.Equals(bound);
        }

        // Bound to every address: any of this machine's is ours. Looked up only for a Route, which is rare.
        return IPAddress.IsLoopback(address) || NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Any(a => a.Address.Equals(address));
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
