using System.Text;
using Siprec.Sip.Messages;
using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Transactions;

public sealed class AcceptedInviteTransactionTests
{
    [Fact]
    public async Task Accepted_invite_lets_its_request_go_yet_repeats_the_same_2xx_and_takes_the_ack()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        var answered = new TaskCompletionSource<(WeakReference Transaction, WeakReference Request)>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.Answer = (tx, ct) =>
        {
            answered.TrySetResult((new WeakReference(tx), new WeakReference(tx.Request)));
            return tx.RespondAsync(200, "OK", ct).AsTask();
        };
        using var peer = new SipUdpPeer();
        var invite = SipTestMessages.Invite(SipTestMessages.Branch("accepted-light"), "call-accepted-light", peer.Port, peer.SentBy);

        await peer.SendAsync(invite, harness.Udp);
        var first = await peer.TryReceiveAsync(TestTimeouts.Expected);
        var (transaction, request) = await answered.Task.WaitAsync(TestTimeouts.Expected);
        Reachability.ForgetRecordedRequests(harness.Handler);

        Assert.NotNull(first);
        Assert.Contains(" 200 ", first, StringComparison.Ordinal);
        Assert.True(await Reachability.CollectedAsync(transaction), "the accepted INVITE's transaction is still referenced");
        Assert.True(await Reachability.CollectedAsync(request), "the accepted INVITE's request is still referenced");
        Assert.Equal(1, harness.Stack.ServerTransactionCount);

        await peer.SendAsync(invite, harness.Udp);
        Assert.Equal(first, await peer.TryReceiveAsync(TestTimeouts.Expected));
        harness.Advance(harness.Timers.T1);
        Assert.Equal(first, await peer.TryReceiveAsync(TestTimeouts.Expected));

        var toTag = SipMessageParser.Parse(Encoding.UTF8.GetBytes(first!)).ToTag();
        var ack = SipTestMessages.Request("ACK", SipTestMessages.Branch("accepted-light-ack"), "call-accepted-light", toTag: toTag, sentBy: peer.SentBy);
        await peer.SendAsync(ack, harness.Udp);
        var (dialog, _) = await harness.Handler.Acks.ReadAsync();
        Assert.Equal("call-accepted-light", dialog.CallId);

        // A repeated ACK is absorbed, not handed to the application a second time.
        await peer.SendAsync(ack, harness.Udp);
        harness.Advance(harness.Timers.T1 * 2);
        Assert.Null(await peer.TryReceiveAsync(TestTimeouts.Silence));
        Assert.Equal(0, harness.Handler.Acks.Reader.Count);

        harness.Advance(harness.Timers.TransactionTimeout);
        Assert.True(await Eventually.HoldsAsync(() => harness.Stack.ServerTransactionCount == 0));
        Assert.False(dialog.IsTerminated);
    }

    [Fact]
    public async Task Cancel_after_the_2xx_gets_200_and_leaves_the_call_standing()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var branch = SipTestMessages.Branch("accepted-cancel");
        await peer.SendAsync(SipTestMessages.Invite(branch, "call-accepted-cancel", peer.Port, peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(200);

        await peer.SendAsync(SipTestMessages.Request("CANCEL", branch, "call-accepted-cancel", sentBy: peer.SentBy), harness.Udp);

        var cancelled = await peer.ReceiveResponseAsync();
        Assert.Equal(200, cancelled.StatusCode);
        Assert.Equal("CANCEL", cancelled.CSeq!.Method);
        Assert.Equal(0, harness.Handler.Cancelled.Reader.Count);
    }
}
