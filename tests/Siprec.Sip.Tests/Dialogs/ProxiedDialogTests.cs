using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Dialogs;

/// <summary>Dialogs set up through a record-routing proxy: a second UDP socket plays the proxy, the first one the SRC.</summary>
public sealed class ProxiedDialogTests
{
    [Fact]
    public async Task Provisional_and_final_answers_to_the_invite_copy_its_record_route_values_in_order()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        harness.Handler.Answer = async (tx, ct) =>
        {
            await tx.RespondAsync(180, "Ringing", ct);
            await tx.RespondAsync(200, "OK", ct);
        };
        using var peer = new SipUdpPeer();
        var recordRoute = "Record-Route: <sip:127.0.0.1:5999;lr;ftag=x1>, <sip:p2.example;lr>\r\nRecord-Route: <sip:p3.example;lr>\r\n";

        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("rr-copy"), "call-rr-copy", peer.Port, peer.SentBy, extraHeaders: recordRoute), harness.Udp);
        var ringing = await peer.ReceiveResponseAsync();
        var ok = await peer.ReceiveResponseAsync();

        string[] expected = ["<sip:127.0.0.1:5999;lr;ftag=x1>", "<sip:p2.example;lr>", "<sip:p3.example;lr>"];
        Assert.Equal(180, ringing.StatusCode);
        Assert.Equal(expected, ringing.Headers.GetAll(SipHeaderNames.RecordRoute));
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(expected, ok.Headers.GetAll(SipHeaderNames.RecordRoute));
    }

    [Fact]
    public async Task Refusals_and_answers_to_a_reinvite_carry_no_record_route()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var recordRoute = $"Record-Route: <sip:127.0.0.1:{peer.Port};lr>\r\n";
        harness.Handler.Answer = (tx, ct) => tx.RespondAsync(486, "Busy Here", ct).AsTask();

        await peer.SendAsync(SipTestMessages.Invite(SipTestMessages.Branch("rr-busy"), "call-rr-busy", peer.Port, peer.SentBy, extraHeaders: recordRoute), harness.Udp);
        var busy = await peer.ReceiveFinalAsync(486);
        harness.Handler.Answer = (tx, ct) => tx.RespondAsync(200, "OK", ct).AsTask();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-rr-reinvite", recordRoute);
        await peer.SendAsync(SipTestMessages.Request("INVITE", SipTestMessages.Branch("rr-reinv"), "call-rr-reinvite", cseq: 2, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy, extraHeaders: recordRoute), harness.Udp);
        var reinviteOk = await peer.ReceiveFinalAsync(200);

        Assert.False(busy.Headers.Contains(SipHeaderNames.RecordRoute));
        Assert.False(reinviteOk.Headers.Contains(SipHeaderNames.RecordRoute));
    }

    [Fact]
    public async Task Our_bye_goes_to_the_first_hop_with_the_route_set_and_the_contact_as_request_uri()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var src = new SipUdpPeer();
        using var proxy = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, src, "call-first-hop", $"Record-Route: <sip:127.0.0.1:{proxy.Port};lr;ftag=src-tag>\r\n");

        var byeTask = harness.Stack.SendByeAsync(dialog);
        var bye = await proxy.ReceiveRequestAsync();
        await proxy.SendAsync(SipMessageWriter.ToString(SipResponse.CreateFor(bye, 200, "OK")), harness.Udp);

        Assert.Equal("BYE", bye.Method);
        Assert.Equal($"sip:src@127.0.0.1:{src.Port}", bye.RequestUri.ToString());
        Assert.Equal([$"<sip:127.0.0.1:{proxy.Port};lr;ftag=src-tag>"], bye.Headers.GetAll(SipHeaderNames.Route));
        Assert.True(bye.TopVia()!.HasRport);
        Assert.Equal(200, (await byeTask.WaitAsync(TestTimeouts.Expected))!.StatusCode);
        Assert.Null(await src.TryReceiveAsync(TestTimeouts.Silence));
    }

    [Fact]
    public async Task Our_bye_to_a_strict_router_puts_its_uri_in_the_request_uri_and_the_contact_last_in_route()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var src = new SipUdpPeer();
        using var proxy = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, src, "call-strict", $"Record-Route: <sip:127.0.0.1:{proxy.Port}>, <sip:p2.example;lr>\r\n");

        _ = harness.Stack.SendByeAsync(dialog);
        var bye = await proxy.ReceiveRequestAsync();

        Assert.Equal($"sip:127.0.0.1:{proxy.Port}", bye.RequestUri.ToString());
        Assert.Equal(["<sip:p2.example;lr>", $"<sip:src@127.0.0.1:{src.Port}>"], bye.Headers.GetAll(SipHeaderNames.Route));
    }

    [Fact]
    public async Task A_first_hop_named_by_host_name_is_resolved()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var src = new SipUdpPeer();
        using var proxy = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, src, "call-named-hop", $"Record-Route: <sip:localhost:{proxy.Port};lr>\r\n");

        _ = harness.Stack.SendByeAsync(dialog);
        var bye = await proxy.ReceiveRequestAsync();

        Assert.Equal([$"<sip:localhost:{proxy.Port};lr>"], bye.Headers.GetAll(SipHeaderNames.Route));
    }

    [Fact]
    public async Task In_dialog_request_whose_route_names_us_is_accepted()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-our-route");
        await harness.Handler.Requests.ReadAsync();
        var ours = $"Route: <sip:127.0.0.1:{harness.Udp.Port};lr;ftag=src-tag>\r\n";

        await peer.SendAsync(SipTestMessages.Request("BYE", SipTestMessages.Branch("our-route"), "call-our-route", cseq: 2, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy, extraHeaders: ours), harness.Udp);

        await peer.ReceiveFinalAsync(200);
        var bye = await harness.Handler.Requests.ReadAsync();
        Assert.Same(dialog, bye.Dialog);
        Assert.True(dialog.IsTerminated);
    }

    [Theory]
    [InlineData("Route: <sip:192.0.2.77:5060;lr>\r\n")]
    [InlineData("Route: <sip:127.0.0.1:{0};lr>, <sip:next.example;lr>\r\n")]
    public async Task In_dialog_request_routed_on_to_another_host_is_refused_and_the_dialog_lives(string route)
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var dialog = await DialogScenarios.EstablishAsync(harness, peer, "call-foreign-route");
        await harness.Handler.Requests.ReadAsync();
        var header = string.Format(System.Globalization.CultureInfo.InvariantCulture, route, harness.Udp.Port);

        await peer.SendAsync(SipTestMessages.Request("BYE", SipTestMessages.Branch("foreign-route"), "call-foreign-route", cseq: 2, toTag: dialog.Id.LocalTag, sentBy: peer.SentBy, extraHeaders: header), harness.Udp);

        var refused = await peer.ReceiveFinalAsync(403);
        Assert.Equal("Not a Proxy", refused.ReasonPhrase);
        Assert.Equal(0, harness.Handler.RequestCount);
        Assert.False(dialog.IsTerminated);
    }
}
