using Siprec.Sip.Dialogs;
using Siprec.Sip.Messages;
using Siprec.Sip.Transactions;

namespace Siprec.Sip;

/// <summary>
/// The application above the stack (the SIPREC user agent). Callbacks run on thread-pool threads, several at once
/// for different transactions; they must not block.
/// </summary>
public interface ISipRequestHandler
{
    /// <summary>
    /// A new request to answer (INVITE, re-INVITE, UPDATE, BYE, OPTIONS, INFO...; never ACK or CANCEL).
    /// <see cref="SipServerTransaction.Dialog"/> is set for in-dialog requests. A final response must be sent
    /// before the task completes; the stack answers 500 when none was.
    /// </summary>
    Task OnRequestAsync(SipServerTransaction transaction, CancellationToken cancellationToken);

    /// <summary>A CANCEL arrived for an INVITE with no final response; the stack answers the INVITE 487 right after.</summary>
    void OnCancelled(SipInviteServerTransaction invite);

    /// <summary>The ACK for a 2xx to an INVITE or re-INVITE arrived (it may carry the SDP answer).</summary>
    void OnAckReceived(SipDialog dialog, SipRequest ack);

    /// <summary>A dialog ended; called once per dialog.</summary>
    void OnDialogTerminated(SipDialog dialog, SipDialogTerminationReason reason);
}
