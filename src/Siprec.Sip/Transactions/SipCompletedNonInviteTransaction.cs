using System.Net;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Transactions;

/// <summary>
/// What a non-INVITE server transaction keeps once it sent its final response (RFC 3261 §17.2.2, Completed): the
/// encoded response, where it goes and timer J. It takes the place of the transaction in the matching table so that
/// the request can be collected at the final response rather than 64*T1 later.
/// </summary>
internal sealed class SipCompletedNonInviteTransaction : SipAnsweredServerTransaction
{
    public SipCompletedNonInviteTransaction(SipTransactionKey key, byte[] response, ISipChannel channel, IPEndPoint destination, SipTransactionRuntime runtime)
        : base(key, response, channel, destination, runtime)
    {
    }

    private protected override bool RepeatsResponse => true;

    /// <summary>Arms timer J (64*T1 on UDP, zero on streams); called once it is in the table.</summary>
    public void Start()
    {
        lock (Gate)
        {
            if (!IsTerminated)
            {
                EndAfter(IsReliable ? TimeSpan.Zero : Runtime.Timers.TransactionTimeout);
            }
        }
    }
}
