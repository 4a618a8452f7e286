using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Transactions;

public sealed class RefusedInviteTransactionTests
{
    [Fact]
    public async Task Refused_invite_lets_its_request_go_yet_repeats_the_same_response_and_absorbs_the_ack()
    {
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, observer: observer);
        using var peer = new SipUdpPeer();
        var branch = SipTestMessages.Branch("refused-light");
        var invite = SipTestMessages.Invite(branch, "call-refused-light", peer.Port, peer.SentBy);

        var answered = await AnsweredRequest.SendAsync(harness, peer, invite, 488, "Not Acceptable Here");
        await answered.AssertLetGoYetAnsweredAgainAsync();
        harness.Advance(harness.Timers.T1);
        Assert.Equal(answered.FirstResponse, await peer.TryReceiveAsync(TestTimeouts.Expected));

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
}
