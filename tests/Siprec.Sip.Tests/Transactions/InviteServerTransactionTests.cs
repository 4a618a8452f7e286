using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Tests.Support;
using Siprec.Sip.Transactions;

namespace Siprec.Sip.Tests.Transactions;

public sealed class InviteServerTransactionTests
{
    [Fact]
    public async Task Invite_over_udp_gets_100_trying_then_the_final_response()
    {
        await using var harness = await StackHarness.StartAsync();
        using var peer = new SipUdpPeer();
        var answer = new TaskCompletionSource();
        harness.Handler.Answer = async (tx, ct) =>
        {
            await answer.Task.WaitAsync(ct);
            await tx.RespondAsync(486, "Busy Here", ct);
        };

        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("t100"), "call-100", peer.Port, peer.SentBy), harness.Udp);

        var trying = await peer.ReceiveResponseAsync();
        Assert.Equal(100, trying.StatusCode);
        Assert.Null(trying.ToTag());
        answer.SetResult();
        var busy = await peer.ReceiveResponseAsync();
        Assert.Equal(486, busy.StatusCode);
        Assert.False(string.IsNullOrEmpty(busy.ToTag()));
        Assert.Equal("call-100", busy.CallId);
    }

    [Theory]
    [InlineData("z9hG4bKretx")]
    [InlineData("rfc2543-branch")]
    public async Task Retransmitted_invite_gets_the_same_final_response_and_reaches_the_application_once(string branch)
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var invite = SipTestMessages.Invite(branch, "call-retx", peer.Port, peer.SentBy);

        await peer.SendAsync(invite, harness.Udp);
        var first = await peer.ReceiveFinalAsync(200);
        await peer.SendAsync(invite, harness.Udp);
        var second = await peer.ReceiveFinalAsync(200);

        Assert.Equal(first.ToTag(), second.ToTag());
        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal(1, harness.Handler.RequestCount);
    }

    [Fact]
    public async Task Success_response_is_retransmitted_with_doubling_interval_until_the_ack()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("2xx"), "call-2xx", peer.Port, peer.SentBy), harness.Udp);
        var ok = await peer.ReceiveFinalAsync(200);
        var t1 = harness.Timers.T1;

        harness.Advance(t1);
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        harness.Advance(t1);
        Assert.Null(await peer.TryReceiveAsync(TestTimeouts.Silence));
        harness.Advance(t1);
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);

        var ack = SipTestMessages.Request("ACK", SipTestMessages.Branch("ack2xx"), "call-2xx", toTag: ok.ToTag(), sentBy: peer.SentBy);
        await peer.SendAsync(ack, harness.Udp);
        var (dialog, received) = await harness.Handler.Acks.ReadAsync();
        Assert.Equal("call-2xx", dialog.CallId);
        Assert.Equal("ACK", received.Method);

        harness.Advance(t1 * 8);
        Assert.Null(await peer.TryReceiveAsync(TestTimeouts.Silence));
    }

    [Fact]
    public async Task Failure_response_is_retransmitted_until_timer_h_then_the_transaction_ends()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        harness.Handler.Answer = (tx, ct) => tx.RespondAsync(488, "Not Acceptable Here", ct).AsTask();
        using var peer = new SipUdpPeer();
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("timerh"), "call-h", peer.Port, peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(488);
        Assert.Equal(1, harness.Stack.ServerTransactionCount);

        var elapsed = TimeSpan.Zero;
        var interval = harness.Timers.T1;
        var retransmissions = 0;
        while (elapsed + interval < harness.Timers.TransactionTimeout && retransmissions < 20)
        {
            harness.Advance(interval);
            elapsed += interval;
            Assert.Equal(488, (await peer.ReceiveResponseAsync()).StatusCode);
            retransmissions++;
            interval = harness.Timers.NextInterval(interval);
        }

        harness.Advance(harness.Timers.TransactionTimeout - elapsed);
        Assert.True(retransmissions >= 5);
        Assert.Equal(0, harness.Stack.ServerTransactionCount);
        harness.Advance(harness.Timers.T2);
        Assert.Null(await peer.TryReceiveAsync(TestTimeouts.Silence));
    }

    [Fact]
    public async Task Ack_for_a_failure_response_stops_retransmissions_and_is_not_given_to_the_application()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        harness.Handler.Answer = (tx, ct) => tx.RespondAsync(415, "Unsupported Media Type", ct).AsTask();
        using var peer = new SipUdpPeer();
        var branch = SipTestMessages.Branch("ackfail");
        await peer.SendAsync(SipTestMessages.Invite(branch, "call-ackfail", peer.Port, peer.SentBy), harness.Udp);
        var rejected = await peer.ReceiveFinalAsync(415);

        var invite = (SipInviteServerTransaction)await harness.Handler.Requests.ReadAsync();
        await peer.SendAsync(SipTestMessages.Request("ACK", branch, "call-ackfail", toTag: rejected.ToTag(), sentBy: peer.SentBy), harness.Udp);
        for (var i = 0; i < 250 && invite.State != SipInviteServerState.Confirmed; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(SipInviteServerState.Confirmed, invite.State);
        harness.Advance(harness.Timers.T1 * 4);
        Assert.Null(await peer.TryReceiveAsync(TestTimeouts.Silence));
        harness.Advance(harness.Timers.T4);
        Assert.Equal(0, harness.Stack.ServerTransactionCount);
        Assert.Equal(0, harness.Handler.Acks.Reader.Count);
    }

    [Fact]
    public async Task Cancel_gets_200_and_the_invite_gets_487()
    {
        await using var harness = await StackHarness.StartAsync();
        using var peer = new SipUdpPeer();
        harness.Handler.Answer = (tx, ct) => Task.Delay(Timeout.Infinite, ((SipInviteServerTransaction)tx).CancellationRequested)
            .ContinueWith(_ => { }, TaskScheduler.Default);
        var branch = SipTestMessages.Branch("cancel");
        await peer.SendAsync(SipTestMessages.Invite(branch, "call-cancel", peer.Port, peer.SentBy), harness.Udp);
        Assert.Equal(100, (await peer.ReceiveResponseAsync()).StatusCode);

        await peer.SendAsync(SipTestMessages.Request("CANCEL", branch, "call-cancel", sentBy: peer.SentBy), harness.Udp);

        var responses = new[] { await peer.ReceiveResponseAsync(), await peer.ReceiveResponseAsync() };
        var cancelOk = Assert.Single(responses, r => r.CSeq!.Method == "CANCEL");
        var terminated = Assert.Single(responses, r => r.CSeq!.Method == "INVITE");
        Assert.Equal(200, cancelOk.StatusCode);
        Assert.Equal(487, terminated.StatusCode);
        var cancelled = await harness.Handler.Cancelled.ReadAsync();
        Assert.Equal("call-cancel", cancelled.Request.CallId);
    }

    [Theory]
    [InlineData(200, "OK")]
    [InlineData(486, "Busy Here")]
    public async Task Cancel_after_the_final_response_gets_200_and_is_not_handed_to_the_application(int statusCode, string reasonPhrase)
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        harness.Handler.Answer = (tx, ct) => tx.RespondAsync(statusCode, reasonPhrase, ct).AsTask();
        using var peer = new SipUdpPeer();
        var branch = SipTestMessages.Branch("answered-cancel");
        await peer.SendAsync(SipTestMessages.Invite(branch, "call-answered-cancel", peer.Port, peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(statusCode);

        await peer.SendAsync(SipTestMessages.Request("CANCEL", branch, "call-answered-cancel", sentBy: peer.SentBy), harness.Udp);

        var cancelled = await peer.ReceiveResponseAsync();
        Assert.Equal(200, cancelled.StatusCode);
        Assert.Equal("CANCEL", cancelled.CSeq!.Method);
        Assert.Equal(0, harness.Handler.Cancelled.Reader.Count);
    }

    [Fact]
    public async Task Cancel_matching_no_invite_gets_481()
    {
        await using var harness = await StackHarness.StartAsync();
        using var peer = new SipUdpPeer();

        await peer.SendAsync(SipTestMessages.Request("CANCEL", SipTestMessages.Branch("orphan"), "call-orphan", sentBy: peer.SentBy), harness.Udp);

        Assert.Equal(481, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal(0, harness.Handler.Cancelled.Reader.Count);
    }

    [Fact]
    public async Task Invite_with_max_forwards_zero_gets_483_without_reaching_the_application()
    {
        await using var harness = await StackHarness.StartAsync();
        using var peer = new SipUdpPeer();
        var invite = SipTestMessages.Invite(SipTestMessages.Branch("hops"), "call-hops", peer.Port, peer.SentBy).Replace("Max-Forwards: 70", "Max-Forwards: 0", StringComparison.Ordinal);

        await peer.SendAsync(invite, harness.Udp);

        await peer.ReceiveFinalAsync(483);
        Assert.Equal(0, harness.Handler.RequestCount);
    }

    [Fact]
    public async Task Application_that_answers_nothing_leads_to_500()
    {
        await using var harness = await StackHarness.StartAsync();
        harness.Handler.Answer = (_, _) => throw new InvalidOperationException("application bug");
        using var peer = new SipUdpPeer();

        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("noanswer"), "call-500", peer.Port, peer.SentBy), harness.Udp);

        await peer.ReceiveFinalAsync(500);
    }

    [Fact]
    public async Task Success_response_carries_a_contact_when_the_application_gave_none()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();

        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("contact"), "call-contact", peer.Port, peer.SentBy), harness.Udp);

        var ok = await peer.ReceiveFinalAsync(200);
        var contact = Assert.Single(ok.Contacts);
        Assert.Equal("127.0.0.1", contact.Uri.Host);
        Assert.Equal(harness.Udp.Port, contact.Uri.Port);
        Assert.NotNull(ok.Headers.Get(SipHeaderNames.Contact));
    }
}
