using Siprec.Sip.Dialogs;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Dialogs;

public sealed class DialogTests
{
    [Theory]
    [InlineData("BYE")]
    [InlineData("UPDATE")]
    [InlineData("INVITE")]
    public async Task In_dialog_request_matching_no_dialog_gets_481(string method)
    {
        await using var harness = await StackHarness.StartAsync();
        using var peer = new SipUdpPeer();

        await peer.SendAsync(SipTestMessages.Request(method, SipTestMessages.Branch("nodlg" + method), "call-unknown", cseq: 2, toTag: "not-ours", sentBy: peer.SentBy), harness.Udp);

        await peer.ReceiveFinalAsync(481);
        Assert.Equal(0, harness.Handler.RequestCount);
    }

    [Fact]
    public async Task Bye_outside_any_dialog_gets_481()
    {
        await using var harness = await StackHarness.StartAsync();
        using var peer = new SipUdpPeer();

        await peer.SendAsync(SipTestMessages.Request("BYE", SipTestMessages.Branch("notag"), "call-notag", sentBy: peer.SentBy), harness.Udp);

        await peer.ReceiveFinalAsync(481);
    }

    [Fact]
    public async Task Request_with_a_lower_cseq_gets_500_and_a_higher_one_reaches_the_application()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-cseq");
        await harness.Handler.Requests.ReadAsync();

        await peer.SendAsync(SipTestMessages.Request("UPDATE", SipTestMessages.Branch("upd5"), "call-cseq", cseq: 5, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(200);
        var update = await harness.Handler.Requests.ReadAsync();
        Assert.Same(dialog, update.Dialog);
        Assert.Equal(5u, dialog.RemoteCSeq);

        await peer.SendAsync(SipTestMessages.Request("UPDATE", SipTestMessages.Branch("upd3"), "call-cseq", cseq: 3, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy), harness.Udp);
        var outOfOrder = await peer.ReceiveFinalAsync(500);
        Assert.Equal(dialog.Id.LocalTag, outOfOrder.ToTag());
        Assert.Equal(0, harness.Handler.RequestCount);
    }

    [Fact]
    public async Task Reinvite_refreshes_the_remote_target_and_its_2xx_awaits_its_own_ack()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-reinvite");

        var reinvite = SipTestMessages.Request("INVITE", SipTestMessages.Branch("reinv"), "call-reinvite", cseq: 2, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy,
            extraHeaders: $"Contact: <sip:moved@127.0.0.1:{peer.Port + 0}>\r\n");
        await peer.SendAsync(reinvite, harness.Udp);
        await peer.ReceiveFinalAsync(200);
        await peer.SendAsync(SipTestMessages.Request("ACK", SipTestMessages.Branch("reack"), "call-reinvite", cseq: 2, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy), harness.Udp);

        var (acked, ack) = await harness.Handler.Acks.ReadAsync();
        Assert.Same(dialog, acked);
        Assert.Equal(2u, ack.CSeq!.Number);
        Assert.Equal("moved", dialog.RemoteTarget.User);
    }

    [Fact]
    public async Task Bye_from_the_peer_ends_the_dialog()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-remotebye");

        await peer.SendAsync(SipTestMessages.Request("BYE", SipTestMessages.Branch("rbye"), "call-remotebye", cseq: 2, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy), harness.Udp);

        await peer.ReceiveFinalAsync(200);
        var (ended, reason) = await harness.Handler.Terminated.ReadAsync();
        Assert.Same(dialog, ended);
        Assert.Equal(SipDialogTerminationReason.RemoteBye, reason);
        Assert.True(dialog.IsTerminated);
        Assert.Equal(0, harness.Stack.Dialogs.Count);
    }

    [Fact]
    public async Task Missing_ack_makes_the_stack_send_bye()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("noack"), "call-noack", peer.Port, peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(200);

        harness.Advance(harness.Timers.TransactionTimeout);

        var (_, reason) = await harness.Handler.Terminated.ReadAsync();
        Assert.Equal(SipDialogTerminationReason.AckTimeout, reason);
        SipRequest? bye = null;
        for (var i = 0; i < 20 && bye is null; i++)
        {
            bye = await peer.ReceiveAsync() as SipRequest;
        }

        Assert.Equal("BYE", bye!.Method);
    }

    [Fact]
    public async Task Bye_that_overtakes_a_lost_ack_ends_the_call_without_an_ack_timeout()
    {
        var loggers = new ListLoggerFactory();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, loggers: loggers);
        using var peer = new SipUdpPeer();
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("lostack"), "call-lostack", peer.Port, peer.SentBy), harness.Udp);
        var ok = await peer.ReceiveFinalAsync(200);

        await peer.SendAsync(SipTestMessages.Request("BYE", SipTestMessages.Branch("lostack-bye"), "call-lostack", cseq: 2, toTag: ok.ToTag(), sentBy: peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(200);
        var (_, reason) = await harness.Handler.Terminated.ReadAsync();
        Assert.Equal(SipDialogTerminationReason.RemoteBye, reason);

        // Timer H of the INVITE's 2xx, which ends a call with no ACK (Missing_ack_makes_the_stack_send_bye).
        harness.Advance(harness.Timers.TransactionTimeout);

        Assert.DoesNotContain(loggers.Entries, e => e.Message.StartsWith("No ACK", StringComparison.Ordinal));
        Assert.False(harness.Handler.Terminated.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Missing_ack_on_a_dialog_our_bye_already_ended_logs_nothing_more()
    {
        var loggers = new ListLoggerFactory();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, loggers: loggers);
        using var peer = new SipUdpPeer();
        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("byefirst"), "call-byefirst", peer.Port, peer.SentBy), harness.Udp);
        await peer.ReceiveFinalAsync(200);
        var dialog = Assert.Single(harness.Stack.Dialogs.Snapshot());
        var bye = harness.Stack.SendByeAsync(dialog);
        var (_, reason) = await harness.Handler.Terminated.ReadAsync();
        Assert.Equal("BYE", (await peer.ReceiveRequestAsync()).Method);

        harness.Advance(harness.Timers.TransactionTimeout);

        Assert.Null(await bye);
        Assert.Equal(SipDialogTerminationReason.LocalBye, reason);
        Assert.DoesNotContain(loggers.Entries, e => e.Message.Contains("No ACK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Our_bye_follows_the_route_set_to_the_remote_target()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var recordRoute = $"Record-Route: <sip:127.0.0.1:{peer.Port};lr>, <sip:proxy2.example;lr>\r\n";
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-route", recordRoute);

        _ = harness.Stack.SendByeAsync(dialog);
        var bye = await peer.ReceiveRequestAsync();

        Assert.Equal($"sip:src@127.0.0.1:{peer.Port}", bye.RequestUri.ToString());
        Assert.Equal([$"<sip:127.0.0.1:{peer.Port};lr>", "<sip:proxy2.example;lr>"], bye.Headers.GetAll(SipHeaderNames.Route));
        Assert.Equal(dialog.Id.LocalTag, bye.FromTag());
        Assert.Equal("src-tag", bye.ToTag());
        Assert.Equal(new SipCSeq(1, "BYE"), bye.CSeq);
        Assert.Equal("call-route", bye.CallId);
        Assert.StartsWith("z9hG4bK", bye.TopVia()!.Branch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_bye_on_a_tcp_dialog_reuses_the_connection()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        await peer.WriteAsync(SipTestMessages.Invite(SipTestMessages.Branch("tcpinv"), "call-tcpbye", 5999, peer.SentBy, transport: "TCP"));
        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        await peer.WriteAsync(SipTestMessages.Request("ACK", SipTestMessages.Branch("tcpack"), "call-tcpbye", toTag: ok.ToTag(), sentBy: peer.SentBy, transport: "TCP"));
        var (dialog, _) = await harness.Handler.Acks.ReadAsync();

        var byeTask = harness.Stack.SendByeAsync(dialog);
        var bye = await peer.ReceiveRequestAsync();
        await peer.WriteAsync(SipMessageWriter.ToString(SipResponse.CreateFor(bye, 200, "OK")));

        Assert.Equal("BYE", bye.Method);
        Assert.Equal("TCP", bye.TopVia()!.Transport);
        Assert.Equal(200, (await byeTask.WaitAsync(TestTimeouts.Expected))!.StatusCode);
    }

    [Fact]
    public void Each_request_we_build_takes_the_next_local_cseq()
    {
        var invite = Assert.IsType<SipRequest>(SipMessageParser.Parse(System.Text.Encoding.UTF8.GetBytes(
            SipTestMessages.Invite(SipTestMessages.Branch("unit"), "call-unit", 5098, "127.0.0.1:5098"))));
        var dialog = new SipDialog(invite, "our-tag", new LoopbackChannel(), System.Net.IPEndPoint.Parse("127.0.0.1:5098"));
        var sentBy = System.Net.IPEndPoint.Parse("127.0.0.1:5060");

        var first = dialog.CreateRequest("BYE", sentBy);
        var second = dialog.CreateRequest("INFO", sentBy);

        Assert.Equal(new SipCSeq(1, "BYE"), first.CSeq);
        Assert.Equal(new SipCSeq(2, "INFO"), second.CSeq);
        Assert.NotEqual(first.TopVia()!.Branch, second.TopVia()!.Branch);
        Assert.Equal(2u, dialog.LocalCSeq);
        Assert.Equal(1u, dialog.RemoteCSeq);
        Assert.Equal(new SipDialogId("call-unit", "our-tag", "src-tag"), dialog.Id);
    }

    private sealed class LoopbackChannel : Siprec.Sip.Transport.ISipChannel
    {
        public Siprec.Sip.Transport.SipTransportKind Kind => Siprec.Sip.Transport.SipTransportKind.Udp;

        public bool IsReliable => false;

        public System.Net.IPEndPoint LocalEndPoint { get; } = System.Net.IPEndPoint.Parse("127.0.0.1:5060");

        public ValueTask SendAsync(ReadOnlyMemory<byte> message, System.Net.IPEndPoint destination, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
