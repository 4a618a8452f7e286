using Siprec.Sip.Dialogs;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Transactions;

/// <summary>What a server transaction reports to the layer that owns it.</summary>
internal interface ISipServerTransactionOwner
{
    /// <summary>The transaction reached Terminated and must leave the matching table.</summary>
    void OnTerminated(ISipServerTransactionEntry transaction);

    /// <summary>
    /// An INVITE got a 3xx-6xx: <paramref name="refused"/> takes its place in the matching table (and is started there),
    /// so the request can be collected while the response is still retransmitted and the ACK absorbed.
    /// </summary>
    void OnInviteRefused(SipInviteServerTransaction transaction, SipRefusedInviteTransaction refused);

    /// <summary>A 2xx is about to be built for an INVITE; the dialog must exist before an ACK can arrive.</summary>
    void OnInviteAccepting(SipInviteServerTransaction transaction, SipResponse response);

    /// <summary>
    /// The 2xx is encoded and about to be sent: <paramref name="accepted"/> takes the transaction's place in the matching
    /// table (and is started there) and in its dialog, so the request can be collected while the 2xx is still
    /// retransmitted and the ACK matched.
    /// </summary>
    void OnInviteAccepted(SipInviteServerTransaction transaction, SipAcceptedInviteTransaction accepted);

    /// <summary>A 2xx to an INVITE was retransmitted for 64*T1 without an ACK (RFC 3261 §13.3.1.4).</summary>
    void OnAckTimeout(SipDialog dialog);

    /// <summary>
    /// A final response is about to be sent for a non-INVITE request (a 2xx to BYE ends its dialog):
    /// <paramref name="completed"/> takes its place in the matching table (and is started there) until timer J.
    /// </summary>
    void OnNonInviteCompleted(SipServerTransaction transaction, SipResponse response, SipCompletedNonInviteTransaction completed);
}
