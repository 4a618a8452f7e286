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
internal sealed class SipAcceptedInviteTransaction : SipAnsweredServerTransaction
{
    private bool _acknowledged;

    public SipAcceptedInviteTransaction(
        SipTransactionKey key,
        uint cseq,
        SipDialog dialog,
        byte[] response,
        ISipChannel channel,
        IPEndPoint destination,
        SipTransactionRuntime runtime)
        : base(key, response, channel, destination, runtime)
    {
        CSeq = cseq;
        Dialog = dialog;
    }

    /// <summary>The CSeq number of the INVITE, which its ACK repeats.</summary>
    public uint CSeq { get; }

    /// <summary>The dialog the 2xx established or refreshed.</summary>
    public SipDialog Dialog { get; }

    /// <summary>Accepted or Terminated.</summary>
    public SipInviteServerState State
    {
        get
        {
            lock (Gate)
            {
                return IsTerminated ? SipInviteServerState.Terminated : SipInviteServerState.Accepted;
            }
        }
    }

    /// <summary>True once the ACK for the 2xx arrived.</summary>
    public bool IsAcknowledged
    {
        get
        {
            lock (Gate)
            {
                return _acknowledged;
            }
        }
    }

    // A repeated INVITE still gets the 2xx after the ACK; only the timer stops at the ACK.
    private protected override bool RepeatsResponse => true;

    /// <summary>Arms the 2xx retransmission timer (UDP only, until the ACK) and the 64*T1 end timer.</summary>
    public void Start()
    {
        lock (Gate)
        {
            if (IsTerminated)
            {
                return;
            }

            if (!_acknowledged)
            {
                StartRetransmitting();
            }

            EndAfter(Runtime.Timers.TransactionTimeout);
        }
    }

    /// <summary>Takes the ACK for the 2xx; true for the first one, false for a repeat.</summary>
    public bool OnAck()
    {
        lock (Gate)
        {
            if (_acknowledged || IsTerminated)
            {
                return false;
            }

            _acknowledged = true;
            StopRetransmitting();
            return true;
        }
    }

    private protected override void OnEndTimer()
    {
        bool ackTimedOut;
        lock (Gate)
        {
            ackTimedOut = !IsTerminated && !_acknowledged;
        }

        Terminate(notify: true);
        if (ackTimedOut)
        {
            Runtime.Owner.OnAckTimeout(Dialog);
        }
    }

    private protected override void OnTerminated() => Dialog.StopExpectingAck(this);
}
