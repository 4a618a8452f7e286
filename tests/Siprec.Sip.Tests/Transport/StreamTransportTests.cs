using System.Text;
using Siprec.Sip.Tests.Support;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Tests.Transport;

public sealed class StreamTransportTests
{
    public static TheoryData<int> PieceSizes => [1, 7, 64];

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public async Task Message_split_across_many_small_writes_is_framed(int pieceSize)
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        var body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n";
        var options = SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("split"), "call-split", sentBy: peer.SentBy, transport: "TCP",
            extraHeaders: "Content-Type: application/sdp\r\n", body: body);

        await peer.WriteInPiecesAsync(options, pieceSize);

        var response = await peer.ReceiveResponseAsync();
        Assert.Equal(200, response.StatusCode);
        var request = await harness.Handler.Requests.ReadAsync();
        Assert.Equal(body, Encoding.UTF8.GetString(request.Request.Body.Span));
        Assert.Equal(SipTransportKind.Tcp, request.Transport);
    }

    [Fact]
    public async Task Several_messages_in_one_write_are_each_answered()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        var batch = new StringBuilder("\r\n\r\n");
        for (var i = 1; i <= 3; i++)
        {
            batch.Append(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("batch" + i), "call-batch-" + i, sentBy: peer.SentBy, transport: "TCP"));
        }

        await peer.WriteAsync(batch.ToString());

        var callIds = new List<string?>();
        for (var i = 1; i <= 3; i++)
        {
            var response = await peer.ReceiveResponseAsync();
            Assert.Equal(200, response.StatusCode);
            callIds.Add(response.CallId);
        }

        // Transactions are answered independently, so only the set is fixed, not the order.
        Assert.Equal(["call-batch-1", "call-batch-2", "call-batch-3"], callIds.Order());
    }

    [Fact]
    public async Task Double_crlf_ping_gets_a_crlf_pong_and_the_connection_stays_open()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);

        await peer.WriteAsync("\r\n\r\n");

        Assert.Equal("\r\n", await peer.ReadTextAsync(2));
        await peer.WriteAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("afterping"), "call-afterping", sentBy: peer.SentBy, transport: "TCP"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Oversized_stream_message_closes_the_connection()
    {
        var options = new SipTransportOptions { MaxMessageSize = 1024 };
        await using var harness = await StackHarness.StartAsync(fakeClock: true, options: options);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        var big = SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("big"), "call-big", sentBy: peer.SentBy, transport: "TCP",
            extraHeaders: "Content-Type: text/plain\r\n", body: new string('x', 4000));

        await peer.WriteAsync(big);

        Assert.True(await peer.IsClosedByServerAsync());
        Assert.Equal(0, harness.Handler.RequestCount);
    }

    [Fact]
    public async Task Malformed_stream_message_gets_400_then_the_connection_closes()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        var broken = SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("broken"), "call-broken", sentBy: peer.SentBy, transport: "TCP")
            .Replace("Content-Length: 0", "Content-Length: zero", StringComparison.Ordinal);

        await peer.WriteAsync(broken);

        var response = await peer.ReceiveResponseAsync();
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("call-broken", response.CallId);
        Assert.True(await peer.IsClosedByServerAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_bytes_close_only_their_own_connection(int seed)
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        var garbage = new byte[2048];
        new Random(seed).NextBytes(garbage);
        await using (var noisy = await SipStreamPeer.ConnectAsync(harness.Tcp))
        {
            await noisy.WriteAsync(garbage);
            await noisy.WriteAsync("\r\n\r\n");
            Assert.True(await noisy.IsClosedByServerAsync());
        }

        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        await peer.WriteAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("clean" + seed), "call-clean", sentBy: peer.SentBy, transport: "TCP"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Idle_connection_is_closed_after_the_idle_timeout()
    {
        var options = new SipTransportOptions { ConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        await using var harness = await StackHarness.StartAsync(fakeClock: true, options: options);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        await peer.WriteAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("idle"), "call-idle", sentBy: peer.SentBy, transport: "TCP"));
        await peer.ReceiveResponseAsync();

        harness.Advance(TimeSpan.FromSeconds(31));

        Assert.True(await peer.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Connections_beyond_the_cap_are_refused()
    {
        var options = new SipTransportOptions { MaxConnections = 1 };
        await using var harness = await StackHarness.StartAsync(fakeClock: true, options: options);
        await using var first = await SipStreamPeer.ConnectAsync(harness.Tcp);
        await first.WriteAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("cap1"), "call-cap1", sentBy: first.SentBy, transport: "TCP"));
        await first.ReceiveResponseAsync();

        await using var second = await SipStreamPeer.ConnectAsync(harness.Tcp);

        Assert.True(await second.IsClosedByServerAsync());
        await first.WriteAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("cap2"), "call-cap2", sentBy: first.SentBy, transport: "TCP"));
        Assert.Equal(200, (await first.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Responses_go_back_on_the_connection_whatever_the_via_says()
    {
        await using var harness = await StackHarness.StartAsync(fakeClock: true);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);

        await peer.WriteAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("tcpvia"), "call-tcpvia", sentBy: "sbc.example:5070", transport: "TCP"));

        var response = await peer.ReceiveResponseAsync();
        Assert.Equal("127.0.0.1", response.TopVia()!.Received);
        Assert.Equal(peer.LocalEndPoint.Port, response.TopVia()!.Rport);
    }

    [Fact]
    public async Task Tls_round_trip_with_a_pem_certificate()
    {
        using var files = TestCertificate.WritePemFiles();
        var options = new SipTransportOptions { TlsPort = 0, TlsCertificatePath = files.CertificatePath, TlsKeyPath = files.KeyPath };
        await using var harness = await StackHarness.StartAsync(options: options);
        await using var peer = await SipStreamPeer.ConnectTlsAsync(harness.Stack.TlsEndPoint!);

        await peer.WriteAsync(SipTestMessages.Request("OPTIONS", SipTestMessages.Branch("tls"), "call-tls", sentBy: peer.SentBy, transport: "TLS"));

        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var request = await harness.Handler.Requests.ReadAsync();
        Assert.Equal(SipTransportKind.Tls, request.Transport);
    }

    [Fact]
    public async Task Tls_port_without_a_certificate_is_refused_at_start()
    {
        var options = new SipTransportOptions { TlsPort = 0 };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StackHarness.StartAsync(options: options));

        Assert.Contains("certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_tls_key_file_is_reported_by_name()
    {
        using var files = TestCertificate.WritePemFiles();
        var options = new SipTransportOptions { TlsPort = 0, TlsCertificatePath = files.CertificatePath, TlsKeyPath = files.KeyPath + ".missing" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StackHarness.StartAsync(options: options));

        Assert.Contains(".missing", error.Message, StringComparison.Ordinal);
    }
}
