using System.Net;

namespace Siprec.Sip.Transport;

/// <summary>A way to send SIP bytes: the UDP socket, or one TCP/TLS connection.</summary>
public interface ISipChannel
{
    /// <summary>The transport protocol of this channel.</summary>
    SipTransportKind Kind { get; }

    /// <summary>True for stream transports, where the transaction layer does not retransmit.</summary>
    bool IsReliable { get; }

    /// <summary>The local address the channel is bound to.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Sends one complete message. On UDP it goes to <paramref name="destination"/>; a stream connection
    /// always sends to its peer and ignores it. The bytes are copied before the call returns. A send that fails (a
    /// lost datagram, a closed socket or connection) is logged and dropped rather than thrown, so that a retransmission
    /// timer may start one without awaiting it.
    /// </summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint destination, CancellationToken cancellationToken = default);
}
