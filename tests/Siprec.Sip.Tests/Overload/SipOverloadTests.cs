using System.Text;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Overload;
using Siprec.Sip.Tests.Dialogs;
using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Overload;

public sealed class SipOverloadTests
{
    private static readonly SipOverloadOptions Tight = new() { Workers = 1, MaxQueuedRequests = 1, RetryAfterSeconds = 7 };

    [Fact]
    public async Task Over_budget_a_new_invite_gets_503_with_retry_after_and_options_503_while_queued_calls_are_answered()
    {
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, observer: observer, overload: Tight);
        using var peer = new SipUdpPeer();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.Answer = async (tx, ct) =>
        {
            await release.Task.WaitAsync(ct);
            await tx.RespondAsync(200, "OK", ct);
        };

        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("busy1"), "call-busy-1", peer.Port, peer.SentBy), harness.Udp);
        await harness.Handler.Requests.ReadAsync();
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("busy2"), "call-busy-2", peer.Port, peer.SentBy), harness.Udp);
        await UntilAsync(() => harness.Stack.Backlog.QueuedInvites == 1);

        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("busy3"), "call-busy-3", peer.Port, peer.SentBy), harness.Udp);
        var refused = await peer.ReceiveFinalAsync(503);
        Assert.Equal("call-busy-3", refused.CallId);
        Assert.Equal("7", refused.Headers.Get(SipHeaderNames.RetryAfter));
        await peer.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("busy4"), "call-busy-4", sentBy: peer.SentBy), harness.Udp);
        Assert.Equal("call-busy-4", (await peer.ReceiveFinalAsync(503)).CallId);

        release.SetResult();
        var answered = new[] { (await peer.ReceiveFinalAsync(200)).CallId, (await peer.ReceiveFinalAsync(200)).CallId };
        Assert.Equal(["call-busy-1", "call-busy-2"], answered.Order(StringComparer.Ordinal));
        Assert.Equal(["INVITE", "OPTIONS"], observer.Shed);
        Assert.Equal([503], observer.Refused);
        Assert.Equal(1, harness.Handler.RequestCount); // the queued INVITE; the first was read above and the refused ones never arrived
    }

    [Fact]
    public async Task A_bye_is_served_while_new_requests_are_being_refused()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true, overload: Tight);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-live");
        await harness.Handler.Requests.ReadAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.Answer = async (tx, ct) =>
        {
            if (tx.Request.Method == "INVITE")
            {
                await release.Task.WaitAsync(ct);
            }

            await tx.RespondAsync(200, "OK", ct);
        };
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("slow1"), "call-slow-1", peer.Port, peer.SentBy), harness.Udp);
        await harness.Handler.Requests.ReadAsync();
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("slow2"), "call-slow-2", peer.Port, peer.SentBy), harness.Udp);
        await UntilAsync(() => harness.Stack.Backlog.Overloaded);

        await peer.SendAsync(SipTestMessages.Request("BYE", SipTestMessages.Branch("live-bye"), "call-live", cseq: 2, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy), harness.Udp);
        await UntilAsync(() => harness.Stack.Backlog.QueuedInDialog == 1);
        release.SetResult();

        var first = await peer.ReceiveFinalAsync(200);
        Assert.Equal("call-slow-1", first.CallId);
        var second = await peer.ReceiveFinalAsync(200);
        Assert.Equal("call-live", second.CallId);
        Assert.Equal("BYE", second.CSeq!.Method);
    }

    [Fact]
    public async Task A_refused_invite_s_retransmission_gets_the_same_503_its_ack_is_absorbed_and_a_queued_invite_is_not_refused()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true, overload: Tight);
        using var peer = new SipUdpPeer();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.Answer = async (tx, ct) =>
        {
            await release.Task.WaitAsync(ct);
            await tx.RespondAsync(200, "OK", ct);
        };
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("held1"), "call-held-1", peer.Port, peer.SentBy), harness.Udp);
        await harness.Handler.Requests.ReadAsync();
        var queued = SipTestMessages.Invite(SipTestMessages.Branch("held2"), "call-held-2", peer.Port, peer.SentBy);
        await peer.SendAsync(queued, harness.Udp);
        await UntilAsync(() => harness.Stack.Backlog.Overloaded);

        var invite = SipTestMessages.Invite(SipTestMessages.Branch("cheap"), "call-cheap", peer.Port, peer.SentBy);
        await peer.SendAsync(invite, harness.Udp);
        var first = await peer.TryReceiveAsync(TestTimeouts.Expected);
        await peer.SendAsync(invite, harness.Udp);
        var again = await peer.TryReceiveAsync(TestTimeouts.Expected);

        Assert.NotNull(first);
        Assert.StartsWith("SIP/2.0 503 Overloaded\r\n", first, StringComparison.Ordinal);
        Assert.Contains("\r\nRetry-After: 7\r\n", first, StringComparison.Ordinal);
        Assert.Equal(first, again);
        var refused = (SipResponse)SipMessageParser.Parse(Encoding.UTF8.GetBytes(first));
        Assert.Equal("call-cheap", refused.CallId);
        Assert.Equal(3, harness.Stack.ServerTransactionCount);

        // The ACK carries the 503's To tag and the INVITE's branch; absorbed, it moves the entry to Confirmed, which
        // ends after timer I (T4) where an unacknowledged one would retransmit until timer H (64*T1). One receive loop
        // reads the datagrams in order, so the OPTIONS' answer says the ACK was handled.
        var ack = SipTestMessages.Request("ACK", SipTestMessages.Branch("cheap"), "call-cheap", toTag: refused.ToTag(), sentBy: peer.SentBy);
        await peer.SendAsync(ack, harness.Udp);
        await peer.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("probe"), "call-probe", sentBy: peer.SentBy), harness.Udp);
        Assert.Equal("call-probe", (await peer.ReceiveFinalAsync(503)).CallId);
        var before = harness.Stack.ServerTransactionCount;
        Assert.True(harness.Timers.T4 < harness.Timers.TransactionTimeout);
        harness.Advance(harness.Timers.T4);
        await UntilAsync(() => harness.Stack.ServerTransactionCount == before - 1);

        // The queued INVITE's retransmission while over budget reaches its transaction, which answers it once released.
        await peer.SendAsync(queued, harness.Udp);
        release.SetResult();
        var answered = new[] { (await peer.ReceiveFinalAsync(200)).CallId, (await peer.ReceiveFinalAsync(200)).CallId };
        Assert.Equal(["call-held-1", "call-held-2"], answered.Order(StringComparer.Ordinal));
        Assert.Equal(1, harness.Handler.RequestCount);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Expected);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), timeout.Token);
        }
    }
}
