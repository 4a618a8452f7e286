using System.Threading.Channels;
using Siprec.Sip.Dialogs;
using Siprec.Sip.Messages;
using Siprec.Sip.Transactions;

namespace Siprec.Sip.Tests.Support;

/// <summary>An application stand-in: answers by a script and records every callback for the test to await.</summary>
internal sealed class RecordingRequestHandler : ISipRequestHandler
{
    public Func<SipServerTransaction, CancellationToken, Task> Answer { get; set; } =
        (tx, ct) => tx.RespondAsync(200, "OK", ct).AsTask();

    public Channel<SipServerTransaction> Requests { get; } = Channel.CreateUnbounded<SipServerTransaction>();

    public Channel<SipInviteServerTransaction> Cancelled { get; } = Channel.CreateUnbounded<SipInviteServerTransaction>();

    public Channel<(SipDialog Dialog, SipRequest Ack)> Acks { get; } = Channel.CreateUnbounded<(SipDialog, SipRequest)>();

    public Channel<(SipDialog Dialog, SipDialogTerminationReason Reason)> Terminated { get; } =
        Channel.CreateUnbounded<(SipDialog, SipDialogTerminationReason)>();

    public int RequestCount => Requests.Reader.Count;

    public async Task OnRequestAsync(SipServerTransaction transaction, CancellationToken cancellationToken)
    {
        Requests.Writer.TryWrite(transaction);
        await Answer(transaction, cancellationToken);
    }

    public void OnCancelled(SipInviteServerTransaction invite) => Cancelled.Writer.TryWrite(invite);

    public void OnAckReceived(SipDialog dialog, SipRequest ack) => Acks.Writer.TryWrite((dialog, ack));

    public void OnDialogTerminated(SipDialog dialog, SipDialogTerminationReason reason) => Terminated.Writer.TryWrite((dialog, reason));
}
