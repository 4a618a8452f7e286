using Siprec.Sip.Messages;
using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// A non-INVITE server transaction (RFC 3261 §17.2.2): retransmissions are answered with the last response,
/// and after the final response timer J (64*T1 on UDP, zero on streams) absorbs them.
/// </summary>
public sealed class SipNonInviteServerTransaction : SipServerTransaction
{
    private readonly Lock _gate = new();
    private byte[]? _lastResponse;
    private bool _terminated;
    private ITimer? _timerJ;

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
                var timerJ = Channel.IsReliable ? TimeSpan.Zero : Runtime.Timers.TransactionTimeout;
                _timerJ = Runtime.TimeProvider.CreateTimer(static s => ((SipNonInviteServerTransaction)s!).Terminate(notify: true), this, timerJ, Timeout.InfiniteTimeSpan);
            }
        }

        if (isFinal)
        {
            Runtime.Owner.OnNonInviteCompleted(this, response);
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
    internal override void Abort() => Terminate(notify: false);

    private void Terminate(bool notify)
    {
        lock (_gate)
        {
            if (_terminated)
            {
                return;
            }

            _terminated = true;
            _timerJ?.Dispose();
        }

        if (notify)
        {
            Runtime.Owner.OnTerminated(this);
        }
    }
}
