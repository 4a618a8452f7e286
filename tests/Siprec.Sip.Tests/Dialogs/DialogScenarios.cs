using Siprec.Sip.Dialogs;
using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Dialogs;

/// <summary>Brings a UDP peer and the stack to a confirmed dialog.</summary>
internal static class DialogScenarios
{
    public static async Task<SipDialog> EstablishAsync(StackHarness harness, SipUdpPeer peer, string callId, string extraHeaders = "")
    {
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("inv-" + callId), callId, peer.Port, peer.SentBy, extraHeaders: extraHeaders), harness.Udp);
        var ok = await peer.ReceiveFinalAsync(200);
        await peer.SendAsync(SipTestMessages.Request("ACK", SipTestMessages.Branch("ack-" + callId), callId, toTag: ok.ToTag(), sentBy: peer.SentBy), harness.Udp);
        var (dialog, _) = await harness.Handler.Acks.ReadAsync();
        return dialog;
    }
}
