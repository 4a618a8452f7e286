using System.Net;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>Where responses go and what a received request's Via must say (RFC 3261 §18.2.1, §18.2.2; RFC 3581).</summary>
public static class SipResponseRouting
{
    /// <summary>
    /// Adds <c>received</c> when the Via sent-by host is not the source address and fills an empty <c>rport</c>
    /// with the source port; leaves the request alone when the Via is missing or already says so.
    /// </summary>
    public static void StampReceived(SipRequest request, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        var via = request.TopVia();
        if (via is null)
        {
            return;
        }

        var stamped = via;
        var sourceAddress = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        if (!IPAddress.TryParse(via.Host.Trim('[', ']'), out var sentByAddress) || !sentByAddress.Equals(sourceAddress))
        {
            stamped = stamped.WithReceived(sourceAddress.ToString());
        }

        if (via.HasRport && via.Rport is null)
        {
            stamped = stamped.WithRport(source.Port);
        }

        if (!ReferenceEquals(stamped, via))
        {
            request.ReplaceTopVia(stamped);
        }
    }

    /// <summary>
    /// The destination of responses to <paramref name="request"/>: on a stream, the connection's peer; on UDP the
    /// Via <c>received</c> address (or sent-by host) at the <c>rport</c> (or sent-by port), else the source.
    /// </summary>
    public static IPEndPoint DestinationFor(SipRequest request, ISipChannel channel, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.IsReliable)
        {
            return source;
        }

        var via = request.TopVia();
        if (via is null)
        {
            return source;
        }

        var host = via.Received ?? via.Host;
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return source;
        }

        var port = via.Rport ?? via.Port ?? SipMessageFacts.DefaultPort(via.Transport);
        return new IPEndPoint(address, port);
    }
}
