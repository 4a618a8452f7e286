using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// What an INVITE server transaction keeps once it sent a 3xx-6xx (RFC 3261 §17.2.1, Completed then Confirmed): the
/// encoded response, where it goes and timers G, H and I. It takes the place of the transaction in the matching table so
/// that the request, its body, SDP and metadata can be collected at the final response rather than 64*T1 later.
/// </summary>
internal sealed class SipRefusedInviteTransaction : ISipServerTransactionEntry
{
    private readonly Lock _gate = new();
    private readonly byte[] _response;
    private readonly ISipChannel _channel;
    private readonly IPEndPoint _destination;
    private readonly SipTransactionRuntime _runtime;
    private SipInviteServerState _state = SipInviteServerState.Completed;
    private bool _started;
    private TimeSpan _interval;
    private ITimer? _retransmitTimer;
    private ITimer? _endTimer;

    public SipRefusedInviteTransaction(SipTransactionKey key, byte[] response, ISipChannel channel, IPEndPoint destination, SipTransactionRuntime runtime)
    {
        Key = key;
        _response = response;
        _channel = channel;
        _destination = destination;
        _runtime = runtime;
        _interval = runtime.Timers.T1;
    }

    /// <inheritdoc />
    public SipTransactionKey Key { get; }

    /// <summary>Completed, Confirmed or Terminated.</summary>
    public SipInviteServerState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Arms timers G (UDP only) and H, or timer I when the ACK came first; called once it is in the table.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _started = true;
            if (_state == SipInviteServerState.Completed)
            {
                if (!_channel.IsReliable)
                {
                    _retransmitTimer = CreateTimer(static s => ((SipRefusedInviteTransaction)s!).OnRetransmitTimer(), _interval);
                }

                _endTimer = CreateTimer(static s => ((SipRefusedInviteTransaction)s!).Terminate(notify: true), _runtime.Timers.TransactionTimeout);
            }
            else if (_state == SipInviteServerState.Confirmed)
            {
                _endTimer = CreateTimer(static s => ((SipRefusedInviteTransaction)s!).Terminate(notify: true), TimerI);
            }
        }
    }

    /// <summary>Takes the ACK for the 3xx-6xx (same branch); true when it was expected.</summary>
    public bool OnAck()
    {
        lock (_gate)
        {
            if (_state != SipInviteServerState.Completed)
            {
                return _state == SipInviteServerState.Confirmed;
            }

            _state = SipInviteServerState.Confirmed;
            if (_started)
            {
                _retransmitTimer?.Dispose();
                _endTimer?.Dispose();
                _endTimer = CreateTimer(static s => ((SipRefusedInviteTransaction)s!).Terminate(notify: true), TimerI);
            }

            return true;
        }
    }

    /// <inheritdoc />
    public async ValueTask OnRetransmissionAsync()
    {
        bool answer;
        lock (_gate)
        {
            answer = _state == SipInviteServerState.Completed;
        }

        if (answer)
        {
            await _channel.SendAsync(_response, _destination, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Abort() => Terminate(notify: false);

    private TimeSpan TimerI => _channel.IsReliable ? TimeSpan.Zero : _runtime.Timers.T4;

    private ITimer CreateTimer(TimerCallback callback, TimeSpan due) =>
        _runtime.TimeProvider.CreateTimer(callback, this, due, Timeout.InfiniteTimeSpan);

    private void OnRetransmitTimer()
    {
        lock (_gate)
        {
            if (_state != SipInviteServerState.Completed || _retransmitTimer is null)
            {
                return;
            }

            _interval = _runtime.Timers.NextInterval(_interval);
            _retransmitTimer.Change(_interval, Timeout.InfiniteTimeSpan);
        }

        _ = _channel.SendAsync(_response, _destination, CancellationToken.None).AsTask();
    }

    private void Terminate(bool notify)
    {
        lock (_gate)
        {
            if (_state == SipInviteServerState.Terminated)
            {
                return;
            }

            _state = SipInviteServerState.Terminated;
            _retransmitTimer?.Dispose();
            _endTimer?.Dispose();
        }

        if (notify)
        {
            _runtime.Owner.OnTerminated(this);
        }
    }
}
