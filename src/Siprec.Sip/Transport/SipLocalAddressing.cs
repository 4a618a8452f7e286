using System.Net;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Transport;

/// <summary>
/// Who this server is on the wire: which Route entries name it, and the address it puts in the Contact and requests it
/// sends (the advertised host when one is configured, else the address the channel is bound to).
/// </summary>
internal sealed class SipLocalAddressing(string? advertisedHost)
{
    private readonly string? _advertisedHost = advertisedHost;
    private readonly LocalUriMatcher _local = new(advertisedHost);

    /// <summary>
    /// True when the request has reached its last hop: no Route, or only Route entries naming this server (left by a
    /// proxy or pre-loaded by the sender), which a user agent consumes as a proxy would its own (RFC 3261 §16.4).
    /// </summary>
    public bool RouteEndsHere(SipRequest request, ISipChannel channel)
    {
        foreach (var value in request.Headers.GetAll(SipHeaderNames.Route))
        {
            foreach (var element in SipHeaderValueList.Split(value))
            {
                if (!SipNameAddress.TryParse(element, out var route) || !_local.Names(route.Uri, channel))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The address to advertise on <paramref name="channel"/>; <paramref name="fallbackHost"/> stands in for a wildcard bind.</summary>
    public IPEndPoint AdvertisedEndPoint(ISipChannel channel, string fallbackHost)
    {
        var local = channel.LocalEndPoint;
        if (_advertisedHost is not null && IPAddress.TryParse(_advertisedHost, out var advertised))
        {
            return new IPEndPoint(advertised, local.Port);
        }

        if (!local.Address.Equals(IPAddress.Any) && !local.Address.Equals(IPAddress.IPv6Any))
        {
            return local;
        }

        return IPAddress.TryParse(fallbackHost.Trim('[', ']'), out var fromRequest) ? new IPEndPoint(fromRequest, local.Port) : new IPEndPoint(IPAddress.Loopback, local.Port);
    }
}
