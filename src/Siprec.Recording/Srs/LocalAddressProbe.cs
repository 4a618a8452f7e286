using System.Net;
using System.Net.Sockets;
using Siprec.Sip.Transactions;

namespace Siprec.Recording.Srs;

/// <summary>The address an SRC should send media to and reach us at: the configured one, else the local address routing to it.</summary>
internal static class LocalAddressProbe
{
    /// <summary>
    /// <paramref name="advertised"/> when set; else the address the request's channel is bound to; else, for a
    /// wildcard bind, the local address the system routes to the SRC by (loopback when it has none).
    /// </summary>
    public static IPAddress For(SipServerTransaction transaction, IPAddress? advertised)
    {
        if (advertised is not null)
            return advertised;
        var bound = transaction.Channel.LocalEndPoint.Address;
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
            return bound;
        try
        {
            using var probe = new Socket(transaction.RemoteEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(transaction.RemoteEndPoint);
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return IPAddress.Loopback;
        }
    }
}
