using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Siprec.Sip.Tests.Support;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Tests.Transport;

public sealed class UdpTransportTests
{
    [Fact]
    public async Task A_send_after_the_transport_closed_is_logged_and_dropped_not_thrown()
    {
        using var logs = new ListLoggerFactory();
        var transport = new UdpSipTransport(new IPEndPoint(IPAddress.Loopback, 0), 65535, receiver: null!, logs.CreateLogger("udp"));
        await transport.DisposeAsync();

        await transport.SendAsync("OPTIONS"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, 9));

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.Contains("the transport is closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_datagram_gets_400_and_the_loop_keeps_serving()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var broken = SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("bad"), "call-bad", sentBy: peer.SentBy)
            .Replace("Content-Length: 0", "Content-Length: zero", StringComparison.Ordinal);

        await peer.SendAsync(broken, harness.Udp);
        var rejected = await peer.ReceiveResponseAsync();
        await peer.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("good"), "call-good", sentBy: peer.SentBy), harness.Udp);
        var answered = await peer.ReceiveResponseAsync();

        Assert.Equal(400, rejected.StatusCode);
        Assert.Equal("call-bad", rejected.CallId);
        Assert.Equal(200, answered.StatusCode);
        Assert.Equal("call-good", answered.CallId);
    }

    [Theory]
    [InlineData("Content-Length: 0", "Content-Length: zero", 400)]
    [InlineData("OPTIONS sip:srs@127.0.0.1 SIP/2.0", "OPTIONS sip:srs@127.0.0.1 SIP/3.0", 505)]
    public async Task Malformed_request_gets_the_status_the_parser_suggests(string part, string replacement, int status)
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();
        var broken = SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("status" + status), "call-status", sentBy: peer.SentBy)
            .Replace(part, replacement, StringComparison.Ordinal);

        await peer.SendAsync(broken, harness.Udp);

        Assert.Equal(status, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal(0, harness.Handler.RequestCount);
    }

    [Fact]
    public async Task Truncated_datagrams_never_stop_the_loop()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var attacker = new SipUdpPeer();
        using var peer = new SipUdpPeer();
        var invite = Encoding.UTF8.GetBytes(SipTestMessages.Invite(SipTestMessages.Branch("cut"), "call-cut", attacker.Port, attacker.SentBy,
            extraHeaders: "Content-Type: application/sdp\r\n"));

        for (var length = 1; length < invite.Length; length += 13)
        {
            await attacker.SendAsync(invite[..length], harness.Udp);
        }

        await peer.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("alive"), "call-alive", sentBy: peer.SentBy), harness.Udp);
        Assert.Equal("call-alive", (await peer.ReceiveResponseAsync()).CallId);
    }

    [Theory]
    [InlineData("garbage without any structure")]
    [InlineData("SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n")]
    [InlineData("INVITE sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("\r\n\r\n")]
    public async Task Datagram_that_cannot_be_answered_is_dropped_and_the_loop_keeps_serving(string datagram)
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();

        await peer.SendAsync(Encoding.UTF8.GetBytes(datagram), harness.Udp);
        await peer.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("after"), "call-after", sentBy: peer.SentBy), harness.Udp);

        var answered = await peer.ReceiveResponseAsync();
        Assert.Equal("call-after", answered.CallId);
        Assert.Equal(200, answered.StatusCode);
    }

    [Fact]
    public async Task Oversized_datagram_is_dropped_and_counted_as_too_large()
    {
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, options: new Siprec.Sip.Transport.SipTransportOptions { MaxMessageSize = 1024 }, observer: observer);
        using var peer = new SipUdpPeer();
        var big = SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("bigudp"), "call-bigudp", sentBy: peer.SentBy,
            extraHeaders: "Content-Type: text/plain\r\n", body: new string('x', 2000));

        await peer.SendAsync(big, harness.Udp);
        await peer.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("small"), "call-small", sentBy: peer.SentBy), harness.Udp);

        Assert.Equal("call-small", (await peer.ReceiveResponseAsync()).CallId);
        Assert.Equal(1, harness.Handler.RequestCount);
        // The receive loop reads datagrams in order, so the oversized one was counted before the small one was answered.
        Assert.Equal(["message_too_large"], observer.Malformed);
    }

    [Fact]
    public async Task Response_with_rport_goes_to_the_source_and_names_it()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var peer = new SipUdpPeer();

        await peer.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("rport"), "call-rport", sentBy: "192.0.2.10:5070"), harness.Udp);

        var response = await peer.ReceiveResponseAsync();
        var via = response.TopVia()!;
        Assert.Equal("127.0.0.1", via.Received);
        Assert.Equal(peer.Port, via.Rport);
    }

    [Fact]
    public async Task Response_without_rport_goes_to_the_via_sent_by_port()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var sender = new SipUdpPeer();
        using var listener = new SipUdpPeer();

        await sender.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("sentby"), "call-sentby", sentBy: listener.SentBy, viaParameters: ""), harness.Udp);

        var response = await listener.ReceiveResponseAsync();
        Assert.Equal("call-sentby", response.CallId);
        Assert.Null(response.TopVia()!.Received);
        Assert.Null(await sender.TryReceiveAsync(TestTimeouts.Silence));
    }

    [Fact]
    public async Task Response_to_a_named_sent_by_goes_to_the_received_address_at_the_sent_by_port()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        using var sender = new SipUdpPeer();
        using var listener = new SipUdpPeer();

        await sender.SendAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("named"), "call-named", sentBy: $"sbc.example:{listener.Port}", viaParameters: ""), harness.Udp);

        var response = await listener.ReceiveResponseAsync();
        Assert.Equal("127.0.0.1", response.TopVia()!.Received);
        Assert.Null(response.TopVia()!.Rport);
    }
}
