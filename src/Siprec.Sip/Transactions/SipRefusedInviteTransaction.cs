using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// What an INVITE server transaction keeps once it sent a 3xx-6xx (RFC 3261 §17.2.1, Completed then Confirmed): the
/// encoded response, where it goes and timers G, H and I. It takes the place of the transaction in the matching table so
/// that the request, its body, SDP and metadata can be collected at the final response rather than 64*T1 later.
/// </summary>
internal sealed class SipRefusedInviteTransaction : SipAnsweredServerTransaction
{
    private SipInviteServerState _state = SipInviteServerState.Completed;
    private bool _started;

    public SipRefusedInviteTransaction(SipTransactionKey key, byte[] response, ISipChannel channel, IPEndPoint destination, SipTransactionRuntime runtime)
        : base(key, response, channel, destination, runtime)
    {
    }

    /// <summary>Completed, Confirmed or Terminated.</summary>
    public SipInviteServerState State
    {
        get
        {
            lock (Gate)
            {
                return Current;
            }
        }
    }

    private protected override bool RepeatsResponse => _state == SipInviteServerState.Completed;

    private SipInviteServerState Current => IsTerminated ? SipInviteServerState.Terminated : _state;

    private TimeSpan TimerI => IsReliable ? TimeSpan.Zero : Runtime.Timers.T4;

    /// <summary>Arms timers G (UDP only) and H, or timer I when the ACK came first; called once it is in the table.</summary>
    public void Start()
    {
        lock (Gate)
        {
            _started = true;
            if (Current == SipInviteServerState.Completed)
            {
                StartRetransmitting();
                EndAfter(Runtime.Timers.TransactionTimeout);
            }
            else if (Current == SipInviteServerState.Confirmed)
            {
                EndAfter(TimerI);
            }
        }
    }

    /// <summary>Takes the ACK for the 3xx-6xx (same branch); true when it was expected.</summary>
    public bool OnAck()
    {
        lock (Gate)
        {
            if (Current != SipInviteServerState.Completed)
            {
                return Current == SipInviteServerState.Confirmed;
            }

            _state = SipInviteServerState.Confirmed;
            if (_started)
            {
                StopRetransmitting();
                EndAfter(TimerI);
            }

            return true;
        }
    }
}
