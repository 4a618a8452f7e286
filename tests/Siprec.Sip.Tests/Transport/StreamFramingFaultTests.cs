using System.Text;
using Siprec.Sip.Tests.Support;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Tests.Transport;

/// <summary>
/// Every way a TCP or TLS stream can fail to frame is counted under its reason, answered where a request can be
/// answered, closes only its own connection, and is logged within the per-source limit.
/// </summary>
public sealed class StreamFramingFaultTests
{
    // Above the 64 KiB header limit, so an oversized header block and an oversized message are told apart.
    private const int MaxMessageSize = 100_000;

    /// <summary>Sent bytes, the reason counted and the status answered (null: closed without an answer).</summary>
    public static TheoryData<string, string, string, int?> Unframable => new()
    {
        { "bad Content-Length", Options("cl-bad").Replace("Content-Length: 0", "Content-Length: zero", StringComparison.Ordinal), "invalid_content_length", 400 },
        { "no Content-Length", Options("cl-none").Replace("Content-Length: 0\r\n", "", StringComparison.Ordinal), "missing_content_length", 400 },
        { "two Content-Lengths", Options("cl-two").Replace("Content-Length: 0", "Content-Length: 0\r\nContent-Length: 5", StringComparison.Ordinal), "duplicate_header", 400 },
        { "body over the parser limit", Options("body-big").Replace("Content-Length: 0", "Content-Length: 999999999", StringComparison.Ordinal), "body_too_large", 513 },
        { "message over the size limit", Options("msg-big", body: new string('x', MaxMessageSize + 10_000)), "message_too_large", 513 },
        { "header block over the limit", Options("hdr-big").Replace("Content-Length", "X-Filler: " + new string('f', 66_000) + "\r\nContent-Length", StringComparison.Ordinal), "headers_too_large", 513 },
        { "text garbage before a start line", "HELLO there\r\n" + Options("garbage"), "invalid_start_line", null },
        { "a TLS hello on the TCP port", "\u0016\u0003\u0001\u0002\u0000\u0001", "invalid_start_line", null },
    };

    [Theory]
    [MemberData(nameof(Unframable))]
    public async Task Unframable_tcp_stream_is_counted_answered_where_possible_and_closes_only_its_connection(string what, string sent, string reason, int? status)
    {
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, options: new SipTransportOptions { MaxMessageSize = MaxMessageSize }, observer: observer);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);

        await peer.WriteAsync(sent);

        if (status is { } code)
        {
            var response = await peer.ReceiveResponseAsync();
            Assert.Equal(code, response.StatusCode);
            Assert.Equal(code, Assert.Single(observer.Refused));
        }

        Assert.True(await peer.IsClosedByServerAsync(), what);
        Assert.Equal([reason], observer.Malformed);
        Assert.Equal(0, harness.Handler.RequestCount);
        await AssertStillServesAsync(harness.Tcp);
    }

    [Theory]
    [InlineData("INVITE sip:srs@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5099", "missing_header_terminator")]
    [InlineData("OPTIONS sip:srs@127.0.0.1 SIP/2.0\r\nContent-Length: 100\r\n\r\nv=0\r\n", "body_truncated")]
    public async Task Stream_closed_mid_message_is_counted(string partial, string reason)
    {
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, observer: observer);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);

        await peer.WriteAsync(partial);
        peer.EndWrites();

        Assert.True(await peer.IsClosedByServerAsync());
        Assert.Equal([reason], observer.Malformed);
        await AssertStillServesAsync(harness.Tcp);
    }

    [Fact]
    public async Task Whole_messages_then_a_clean_close_count_nothing()
    {
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, observer: observer);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        await peer.WriteAsync(Options("clean-close", sentBy: peer.SentBy) + "\r\n\r\n");
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);

        peer.EndWrites();

        Assert.True(await peer.IsClosedByServerAsync());
        Assert.Empty(observer.Malformed);
    }

    [Fact]
    public async Task Connection_idling_out_mid_message_is_counted()
    {
        var observer = new CountingTrafficObserver();
        var options = new SipTransportOptions { ConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        await using var harness = await StackHarness.StartAsync(fakeClock: true, options: options, observer: observer);
        await using var peer = await SipStreamPeer.ConnectAsync(harness.Tcp);
        // The answer to the whole message proves the server has read the partial one behind it.
        await peer.WriteAsync(Options("idle-whole", sentBy: peer.SentBy) + "OPTIONS sip:srs@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP");
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);

        harness.Advance(TimeSpan.FromSeconds(31));

        Assert.True(await peer.IsClosedByServerAsync());
        Assert.Equal(["missing_header_terminator"], observer.Malformed);
    }

    [Fact]
    public async Task Unframable_tls_stream_is_counted_and_answered()
    {
        using var files = TestCertificate.WritePemFiles();
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(options: Tls(files), observer: observer);
        await using var peer = await SipStreamPeer.ConnectTlsAsync(harness.Stack.TlsEndPoint!);

        await peer.WriteAsync(Options("tls-cl", sentBy: peer.SentBy, transport: "TLS").Replace("Content-Length: 0", "Content-Length: -1", StringComparison.Ordinal));

        Assert.Equal(400, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.True(await peer.IsClosedByServerAsync());
        Assert.Equal(["invalid_content_length"], observer.Malformed);
        await using var next = await SipStreamPeer.ConnectTlsAsync(harness.Stack.TlsEndPoint!);
        await next.WriteAsync(Options("tls-next", sentBy: next.SentBy, transport: "TLS"));
        Assert.Equal(200, (await next.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Plain_sip_on_the_tls_port_is_a_failed_handshake()
    {
        using var files = TestCertificate.WritePemFiles();
        var observer = new CountingTrafficObserver();
        await using var harness = await StackHarness.StartAsync(options: Tls(files), observer: observer);
        await using var plain = await SipStreamPeer.ConnectAsync(harness.Stack.TlsEndPoint!);

        await plain.WriteAsync(Options("plain-on-tls", sentBy: plain.SentBy, transport: "TLS"));

        Assert.True(await plain.IsClosedByServerAsync());
        Assert.Equal(["tls_handshake_failed"], observer.Malformed);
        await using var next = await SipStreamPeer.ConnectTlsAsync(harness.Stack.TlsEndPoint!);
        await next.WriteAsync(Options("after-plain", sentBy: next.SentBy, transport: "TLS"));
        Assert.Equal(200, (await next.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Silent_connection_on_the_tls_port_times_out_its_handshake()
    {
        using var files = TestCertificate.WritePemFiles();
        var observer = new CountingTrafficObserver();
        var options = Tls(files) with { TlsHandshakeTimeout = TimeSpan.FromMilliseconds(200) };
        await using var harness = await StackHarness.StartAsync(options: options, observer: observer);

        await using var silent = await SipStreamPeer.ConnectAsync(harness.Stack.TlsEndPoint!);

        Assert.True(await silent.IsClosedByServerAsync());
        Assert.Equal(["tls_handshake_timeout"], observer.Malformed);
    }

    [Fact]
    public async Task Framing_errors_share_the_per_source_log_limit()
    {
        var observer = new CountingTrafficObserver();
        var loggers = new ListLoggerFactory();
        await using var harness = await StackHarness.StartAsync(fakeClock: true, loggers: loggers, observer: observer);
        for (var i = 0; i < 8; i++)
        {
            await using var noisy = await SipStreamPeer.ConnectAsync(harness.Tcp);
            await noisy.WriteAsync("NOT SIP\r\n\r\n");
            Assert.True(await noisy.IsClosedByServerAsync());
        }

        Assert.Equal(8, observer.Malformed.Count);
        Assert.Equal(5, loggers.Entries.Count(e => e.Message.StartsWith("Malformed message from 127.0.0.1", StringComparison.Ordinal)));
        harness.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains(loggers.Entries, e => e.Message.StartsWith("3 more refused or malformed messages from 127.0.0.1", StringComparison.Ordinal));
    }

    private static SipTransportOptions Tls(TestCertificate files) =>
        new() { TlsPort = 0, TlsCertificatePath = files.CertificatePath, TlsKeyPath = files.KeyPath };

    private static string Options(string name, string sentBy = "127.0.0.1:5099", string transport = "TCP", string body = "") =>
        SipTestMessages.Request("OPTIONS", SipTestMessages.Branch(name), "call-" + name, sentBy: sentBy, transport: transport,
            extraHeaders: body.Length == 0 ? "" : "Content-Type: text/plain\r\n", body: body);

    private static async Task AssertStillServesAsync(System.Net.IPEndPoint server)
    {
        await using var peer = await SipStreamPeer.ConnectAsync(server);
        await peer.WriteAsync(Options("still-serving", sentBy: peer.SentBy));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
    }
}
