using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// What a non-INVITE server transaction keeps once it sent its final response (RFC 3261 §17.2.2, Completed): the
/// encoded response, where it goes and timer J. It takes the place of the transaction in the matching table so that
/// the request can be collected at the final response rather than 64*T1 later.
/// </summary>
internal sealed class SipCompletedNonInviteTransaction : ISipServerTransactionEntry
{
    private readonly Lock _gate = new();
    private readonly byte[] _response;
    private readonly ISipChannel _channel;
    private readonly IPEndPoint _destination;
    private readonly SipTransactionRuntime _runtime;
    private bool _terminated;
    private ITimer? _timerJ;

    public SipCompletedNonInviteTransaction(SipTransactionKey key, byte[] response, ISipChannel channel, IPEndPoint destination, SipTransactionRuntime runtime)
    {
        Key = key;
        _response = response;
        _channel = channel;
        _destination = destination;
        _runtime = runtime;
    }

    /// <inheritdoc />
    public SipTransactionKey Key { get; }

    /// <summary>Arms timer J (64*T1 on UDP, zero on streams); called once it is in the table.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_terminated)
            {
                return;
            }

            var timerJ = _channel.IsReliable ? TimeSpan.Zero : _runtime.Timers.TransactionTimeout;
            _timerJ = _runtime.TimeProvider.CreateTimer(static s => ((SipCompletedNonInviteTransaction)s!).Terminate(notify: true), this, timerJ, Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public async ValueTask OnRetransmissionAsync()
    {
        bool answer;
        lock (_gate)
        {
            answer = !_terminated;
        }

        if (answer)
        {
            await _channel.SendAsync(_response, _destination, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Abort() => Terminate(notify: false);

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
            _runtime.Owner.OnTerminated(this);
        }
    }
}
