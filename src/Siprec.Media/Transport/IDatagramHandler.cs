using System.Net;

namespace Siprec.Media.Transport;

/// <summary>Consumes the datagrams of one subscribed socket.</summary>
internal interface IDatagramHandler
{
    /// <summary>
    /// Called on a receive thread for every datagram, one at a time per socket. The datagram and the source address are
    /// only valid during the call; the handler must not block, since other sockets wait behind it.
    /// </summary>
    void OnDatagram(Span<byte> datagram, SocketAddress from);
}
