using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Transactions;

public sealed class RefusedInviteTransactionTests
{
    [Fact]
    public async Task Refused_invite_lets_its_request_go_yet_repeats_the_same_response_and_absorbs_the_ack()
    {
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, observer: observer);
        var answered = new TaskCompletionSource<(WeakReference Transaction, WeakReference Request)>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.Answer = (tx, ct) =>
        {
            answered.TrySetResult((new WeakReference(tx), new WeakReference(tx.Request)));
            return tx.RespondAsync(488, "Not Acceptable Here", ct).AsTask();
        };
        using var peer = new SipUdpPeer();
        var branch = SipTestMessages.Branch("refused-light");
        var invite = SipTestMessages.Invite(branch, "call-refused-light", peer.Port, peer.SentBy);

        await peer.SendAsync(invite, harness.Udp);
        var first = await peer.TryReceiveAsync(TestTimeouts.Expected);
        var (transaction, request) = await answered.Task.WaitAsync(TestTimeouts.Expected);
        Reachability.ForgetRecordedRequests(harness.Handler);

        Assert.Contains(" 488 ", first, StringComparison.Ordinal);
        Assert.True(await Reachability.CollectedAsync(transaction), "the refused INVITE's transaction is still referenced");
        Assert.True(await Reachability.CollectedAsync(request), "the refused INVITE's request is still referenced");
        Assert.Equal(1, harness.Stack.ServerTransactionCount);

        await peer.SendAsync(invite, harness.Udp);
        Assert.Equal(first, await peer.TryReceiveAsync(TestTimeouts.Expected));
        harness.Advance(harness.Timers.T1);
        Assert.Equal(first, await peer.TryReceiveAsync(TestTimeouts.Expected));

        await peer.SendAsync(SipTestMessages.Request("ACK", branch, "call-refused-light", sentBy: peer.SentBy), harness.Udp);
        Assert.True(await Eventually.HoldsAsync(() => observer.Received.Contains("ACK")));

        // Only timer I (T4 after the ACK) ends the transaction before timer H would.
        var advanced = harness.Timers.T1;
        var step = TimeSpan.FromMilliseconds(100);
        while (harness.Stack.ServerTransactionCount > 0 && advanced + step < harness.Timers.TransactionTimeout)
        {
            harness.Advance(step);
            advanced += step;
            await Task.Delay(1);
        }

        Assert.Equal(0, harness.Stack.ServerTransactionCount);
        Assert.Equal(0, harness.Handler.Acks.Reader.Count);
    }

    [Fact]
    public async Task Cancel_after_the_refusal_gets_200_and_no_second_final_response()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        harness.Handler.Answer = (tx, ct) => tx.RespondAsync(486, "Busy Here", ct).AsTask();
        using var peer = new SipUdpPeer();
        var branch = SipTestMessages.Branch("refused-cancel");
        await peer.SendAsync(SipTestMessages.Invite(branch, "call-refused-cancel", peer.Port, peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(486);

        await peer.SendAsync(SipTestMessages.Request("CANCEL", branch, "call-refused-cancel", sentBy: peer.SentBy), harness.Udp);

        var cancelled = await peer.ReceiveResponseAsync();
        Assert.Equal(200, cancelled.StatusCode);
        Assert.Equal("CANCEL", cancelled.CSeq!.Method);
        Assert.Equal(0, harness.Handler.Cancelled.Reader.Count);
    }
}
