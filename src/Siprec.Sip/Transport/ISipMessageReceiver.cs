using System.Net;

namespace Siprec.Sip.Transport;

/// <summary>Takes each framed message a transport receives, and each stream that cannot be framed.</summary>
public interface ISipMessageReceiver
{
    /// <summary>
    /// Handles one message. <paramref name="message"/> is only valid until the returned task completes;
    /// the call must not wait on application work.
    /// </summary>
    ValueTask<SipReceiveOutcome> OnMessageAsync(ReadOnlyMemory<byte> message, ISipChannel channel, IPEndPoint remote, CancellationToken cancellationToken);

    /// <summary>
    /// Counts and logs bytes on <paramref name="channel"/> that cannot be framed, and answers them with the fault's
    /// status when <paramref name="head"/> (the start of the unframable message) is a request with the headers an
    /// answer needs. The caller closes the connection afterwards.
    /// </summary>
    ValueTask OnUnframableAsync(ReadOnlyMemory<byte> head, SipStreamFault fault, ISipChannel channel, IPEndPoint remote);

    /// <summary>Counts and logs a fault that leaves nothing to answer: a failed TLS handshake, a stream cut mid-message, a datagram too large to read.</summary>
    void OnTransportFault(SipTransportKind transport, IPEndPoint remote, SipStreamFault fault);
}
