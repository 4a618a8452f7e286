using Siprec.Sip.Dialogs;
using Siprec.Sip.Messages;
using Siprec.Sip.Tests.Dialogs;
using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Transactions;

public sealed class NonInviteTransactionTests
{
    [Fact]
    public async Task Retransmitted_options_is_absorbed_until_timer_j()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        harness.Handler.Answer = (tx, ct) =>
            tx.SendResponseAsync(SipStack.CreateOptionsResponse(tx.Request, ["INVITE", "ACK", "BYE"], ["timer"], ["application/sdp"]), ct).AsTask();
        using var peer = new SipUdpPeer();
        var options = SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("opt"), "call-opt", sentBy: peer.SentBy);

        await peer.SendAsync(options, harness.Udp);
        var first = await peer.ReceiveFinalAsync(200);
        await peer.SendAsync(options, harness.Udp);
        var second = await peer.ReceiveFinalAsync(200);

        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(["INVITE", "ACK", "BYE"], first.Headers.GetAll("Allow"));
        Assert.Equal(1, harness.Handler.RequestCount);
        harness.Advance(harness.Timers.TransactionTimeout);
        Assert.Equal(0, harness.Stack.ServerTransactionCount);
    }

    [Fact]
    public async Task Answered_options_lets_its_request_go_yet_repeats_the_same_response_until_timer_j()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var options = SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("opt-light"), "call-opt-light", sentBy: peer.SentBy);

        var answered = await AnsweredRequest.SendAsync(harness, peer, options, 200, "OK");
        await answered.AssertLetGoYetAnsweredAgainAsync();
        harness.Advance(harness.Timers.TransactionTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, harness.Stack.ServerTransactionCount);
        harness.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, harness.Stack.ServerTransactionCount);
        Assert.Equal(0, harness.Handler.RequestCount);
    }

    [Fact]
    public async Task Our_bye_is_retransmitted_on_udp_until_the_peer_answers()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-ourbye");

        var byeTask = harness.Stack.SendByeAsync(dialog);
        var bye = await peer.ReceiveRequestAsync();
        harness.Advance(harness.Timers.T1);
        var again = await peer.ReceiveRequestAsync();
        harness.Advance(harness.Timers.T1 * 2);
        var third = await peer.ReceiveRequestAsync();

        Assert.Equal("BYE", bye.Method);
        Assert.Equal(bye.TopVia()!.Branch, again.TopVia()!.Branch);
        Assert.Equal(bye.TopVia()!.Branch, third.TopVia()!.Branch);
        await peer.SendAsync(SipWireText(SipResponse.CreateFor(bye, 200, "OK")), harness.Udp);
        var response = await byeTask.WaitAsync(TestTimeouts.Expected);
        Assert.Equal(200, response!.StatusCode);
        var (ended, reason) = await harness.Handler.Terminated.ReadAsync();
        Assert.Same(dialog, ended);
        Assert.Equal(SipDialogTerminationReason.LocalBye, reason);
        Assert.Null(harness.Stack.Dialogs.Find(dialog.Id));
    }

    [Fact]
    public async Task Our_bye_gives_up_after_timer_f()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-byetimeout");

        var byeTask = harness.Stack.SendByeAsync(dialog);
        await peer.ReceiveRequestAsync();
        harness.Advance(harness.Timers.TransactionTimeout);

        Assert.Null(await byeTask.WaitAsync(TestTimeouts.Expected));
    }

    private static string SipWireText(SipMessage message) => SipMessageWriter.ToString(message);
}
