using System.Net;
using Siprec.Sip.Dialogs;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// What an INVITE server transaction keeps once it sent a 2xx (RFC 6026 Accepted): the encoded response, where it goes,
/// the CSeq number its ACK carries, the dialog, and the 2xx retransmission and 64*T1 timers. It takes the place of the
/// transaction in the matching table and in the dialog, so that the request, its body, SDP and metadata can be collected
/// once the 2xx is sent rather than when the ACK or timer H comes.
/// </summary>
internal sealed class SipAcceptedInviteTransaction : ISipServerTransactionEntry
{
    private readonly Lock _gate = new();
    private readonly byte[] _response;
    private readonly ISipChannel _channel;
    private readonly IPEndPoint _destination;
    private readonly SipTransactionRuntime _runtime;
    private SipInviteServerState _state = SipInviteServerState.Accepted;
    private bool _acknowledged;
    private TimeSpan _interval;
    private ITimer? _retransmitTimer;
    private ITimer? _endTimer;

    public SipAcceptedInviteTransaction(
        SipTransactionKey key,
        uint cseq,
        SipDialog dialog,
        byte[] response,
        ISipChannel channel,
        IPEndPoint destination,
        SipTransactionRuntime runtime)
    {
        Key = key;
        CSeq = cseq;
        Dialog = dialog;
        _response = response;
        _channel = channel;
        _destination = destination;
        _runtime = runtime;
        _interval = runtime.Timers.T1;
    }

    /// <inheritdoc />
    public SipTransactionKey Key { get; }

    /// <summary>The CSeq number of the INVITE, which its ACK repeats.</summary>
    public uint CSeq { get; }

    /// <summary>The dialog the 2xx established or refreshed.</summary>
    public SipDialog Dialog { get; }

    /// <summary>Accepted or Terminated.</summary>
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

    /// <summary>True once the ACK for the 2xx arrived.</summary>
    public bool IsAcknowledged
    {
        get
        {
            lock (_gate)
            {
                return _acknowledged;
            }
        }
    }

    /// <summary>Arms the 2xx retransmission timer (UDP only, until the ACK) and the 64*T1 end timer.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_state != SipInviteServerState.Accepted)
            {
                return;
            }

            if (!_channel.IsReliable && !_acknowledged)
            {
                _retransmitTimer = CreateTimer(static s => ((SipAcceptedInviteTransaction)s!).OnRetransmitTimer(), _interval);
            }

            _endTimer = CreateTimer(static s => ((SipAcceptedInviteTransaction)s!).OnEndTimer(), _runtime.Timers.TransactionTimeout);
        }
    }

    /// <summary>Takes the ACK for the 2xx; true for the first one, false for a repeat.</summary>
    public bool OnAck()
    {
        lock (_gate)
        {
            if (_acknowledged || _state != SipInviteServerState.Accepted)
            {
                return false;
            }

            _acknowledged = true;
            _retransmitTimer?.Dispose();
            _retransmitTimer = null;
            return true;
        }
    }

    /// <inheritdoc />
    public async ValueTask OnRetransmissionAsync()
    {
        bool answer;
        lock (_gate)
        {
            answer = _state == SipInviteServerState.Accepted;
        }

        if (answer)
        {
            await _channel.SendAsync(_response, _destination, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Abort() => Terminate(notify: false);

    private ITimer CreateTimer(TimerCallback callback, TimeSpan due) =>
        _runtime.TimeProvider.CreateTimer(callback, this, due, Timeout.InfiniteTimeSpan);

    private void OnRetransmitTimer()
    {
        lock (_gate)
        {
            if (_state != SipInviteServerState.Accepted || _acknowledged || _retransmitTimer is null)
            {
                return;
            }

            _interval = _runtime.Timers.NextInterval(_interval);
            _retransmitTimer.Change(_interval, Timeout.InfiniteTimeSpan);
        }

        _ = _channel.SendAsync(_response, _destination, CancellationToken.None).AsTask();
    }

    private void OnEndTimer()
    {
        bool ackTimedOut;
        lock (_gate)
        {
            ackTimedOut = _state == SipInviteServerState.Accepted && !_acknowledged;
        }

        Terminate(notify: true);
        if (ackTimedOut)
        {
            _runtime.Owner.OnAckTimeout(Dialog);
        }
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

        Dialog.StopExpectingAck(this);
        if (notify)
        {
            _runtime.Owner.OnTerminated(this);
        }
    }
}
