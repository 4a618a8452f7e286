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
        using var peer = new SipUdpPeer();
        var invite = SipTestMessages.Invite(SipTestMessages.Branch("accepted-light"), "call-accepted-light", peer.Port, peer.SentBy);

        var answered = await AnsweredRequest.SendAsync(harness, peer, invite, 200, "OK");
        await answered.AssertLetGoYetAnsweredAgainAsync();
        harness.Advance(harness.Timers.T1);
        Assert.Equal(answered.FirstResponse, await peer.TryReceiveAsync(TestTimeouts.Expected));

        var toTag = SipMessageParser.Parse(Encoding.UTF8.GetBytes(answered.FirstResponse!)).ToTag();
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
}
