using Siprec.Sip.Messages;
using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// A non-INVITE server transaction (RFC 3261 §17.2.2): retransmissions are answered with the last response. After the
/// final response a <see cref="SipCompletedNonInviteTransaction"/> carries on in its place until timer J, holding only
/// the response bytes, so the request can be collected.
/// </summary>
public sealed class SipNonInviteServerTransaction : SipServerTransaction
{
    private readonly Lock _gate = new();
    private byte[]? _lastResponse;
    private bool _terminated;

    internal SipNonInviteServerTransaction(
        SipRequest request,
        SipTransactionKey key,
        ISipChannel channel,
        IPEndPoint remoteEndPoint,
        SipTransactionRuntime runtime)
        : base(request, key, channel, remoteEndPoint, runtime)
    {
    }

    /// <inheritdoc />
    public override async ValueTask SendResponseAsync(SipResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        StampToTag(response);
        ExplainRefusal(response);
        var bytes = SipMessageWriter.ToArray(response);
        var isFinal = response.StatusCode >= 200;
        SipCompletedNonInviteTransaction? completed = null;
        lock (_gate)
        {
            if (FinalResponse is not null || _terminated)
            {
                throw new InvalidOperationException($"{Request.Method} {Request.CallId} already has a final response ({FinalResponse?.StatusCode}).");
            }

            _lastResponse = bytes;
            if (isFinal)
            {
                FinalResponse = response;
                completed = new SipCompletedNonInviteTransaction(Key, bytes, Channel, ResponseDestination, Runtime);
                _terminated = true;
            }
        }

        if (completed is not null)
        {
            // Before the response leaves, so a retransmission it crosses finds the entry that repeats it.
            Runtime.Owner.OnNonInviteCompleted(this, response, completed);
        }

        Runtime.Observer?.ResponseSent(response.StatusCode);
        await TransmitAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    internal override async ValueTask OnRetransmissionAsync()
    {
        byte[]? bytes;
        lock (_gate)
        {
            bytes = _terminated ? null : _lastResponse;
        }

        if (bytes is not null)
        {
            await TransmitAsync(bytes, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    internal override void Abort()
    {
        lock (_gate)
        {
            _terminated = true;
        }
    }
}
