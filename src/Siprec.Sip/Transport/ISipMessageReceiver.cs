using System.Net;

namespace Siprec.Sip.Transport;

/// <summary>Takes each framed message a transport receives.</summary>
public interface ISipMessageReceiver
{
    /// <summary>
    /// Handles one message. <paramref name="message"/> is only valid until the returned task completes;
    /// the call must not wait on application work.
    /// </summary>
    ValueTask<SipReceiveOutcome> OnMessageAsync(ReadOnlyMemory<byte> message, ISipChannel channel, IPEndPoint remote, CancellationToken cancellationToken);
}
