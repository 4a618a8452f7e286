using System.Net;
using System.Net.Sockets;
using Siprec.Sip.Headers;

namespace Siprec.Sip.Transport;

/// <summary>Where a request to a SIP URI goes over a given channel (RFC 3263 §4, without NAPTR and SRV).</summary>
internal static class SipNextHop
{
    /// <summary>
    /// The address of <paramref name="uri"/> (its <c>maddr</c> when present): an IP literal as written, a name by its
    /// A/AAAA records in the channel's address family; at the URI's port or its transport's default. Null when a name
    /// does not resolve.
    /// </summary>
    public static async Task<IPEndPoint?> ResolveAsync(SipUri uri, ISipChannel channel, CancellationToken cancellationToken)
    {
        var host = (uri.Parameters.Get("maddr") ?? uri.Host).Trim('[', ']');
        var port = SipMessageFacts.PortOf(uri, channel.Kind);
        if (IPAddress.TryParse(host, out var literal))
        {
            return new IPEndPoint(literal, port);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, channel.LocalEndPoint.AddressFamily, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }

        return addresses.Length > 0 ? new IPEndPoint(addresses[0], port) : null;
    }
}
