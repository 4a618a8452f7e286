using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Siprec.Recording.Srs;
using Siprec.Server.Hosting;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Observability;

public sealed class CallMetricsTests
{
    [Fact]
    public async Task RealCallOverUdpIsCountedBySipSessionRtpAndRecordingMetrics()
    {
        await using var server = await RunningServer.StartAsync();
        var sip = server.Service<SipRecorderService>().UdpEndPoint!;
        using var caller = new SiprecCaller(sip, "metrics-call-1");

        Assert.Equal(200, (await caller.InviteAsync()).Status);
        Assert.Equal(2, caller.MediaPorts.Count);
        Assert.True(await EventuallyAsync(() => server.Registry.Count == 1));
        var during = await ScrapeAsync(server);
        Assert.Equal(1, Value(during, "siprec_sessions_active"));
        Assert.Equal(2, Value(during, "siprec_rtp_port_pairs_in_use"));
        Assert.True(Value(during, "siprec_disk_free_bytes") > 0);

        caller.SendRtp(50);
        var agent = server.Service<SrsUserAgent>();
        Assert.True(await EventuallyAsync(() => agent.StreamStatsOf("metrics-call-1").Sum(s => s.Datagrams) == 100));
        var (_, session, _) = await server.GetAsync("/api/sessions/metrics-call-1");
        Assert.All(session.GetProperty("streams").EnumerateArray(), stream => Assert.Equal("PCMU", stream.GetProperty("codec").GetString()));
        var live = await ScrapeAsync(server);
        var received = agent.StreamStatsOf("metrics-call-1").Sum(s => s.PacketsReceived);
        Assert.InRange(received, 1, 100);
        Assert.Equal(received, Value(live, "siprec_rtp_packets_total"));
        Assert.Equal(100 * 172, Value(live, "siprec_rtp_bytes_total"));
        Assert.Equal(0, Value(live, "siprec_sessions_total{outcome=\"bye\"}"));
        Assert.Equal(200, await caller.ByeAsync());
        // The call is counted as ended just after it leaves the registry, so the scrape waits for the count itself; the
        // active gauge is sampled as a scrape begins, so a scrape under way while the call ends can show the new count
        // beside the old gauge, and the next one shows both.
        var text = await ScrapeWhenAsync(server, t => Value(t, "siprec_sessions_total{outcome=\"bye\"}") == 1 && Value(t, "siprec_sessions_active") == 0);
        Assert.Equal(0, server.Registry.Count);
        Assert.Equal(1, Value(text, "siprec_sip_requests_total{method=\"INVITE\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_requests_total{method=\"ACK\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_requests_total{method=\"BYE\"}"));
        Assert.Equal(2, Value(text, "siprec_sip_responses_total{code=\"200\"}"));
        Assert.Equal(1, Value(text, "siprec_sessions_total{outcome=\"bye\"}"));
        Assert.Equal(0, Value(text, "siprec_sessions_active"));
        Assert.Equal(1, Value(text, "siprec_recordings_written_total"));
        var wav = Assert.Single(Directory.GetFiles(server.Options.Recording.Directory, "*.wav", SearchOption.AllDirectories));
        Assert.Equal(new FileInfo(wav).Length, Value(text, "siprec_recording_bytes_total"));
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(wav, ".json")));
        var recorded = sidecar.RootElement.GetProperty("streams").EnumerateArray().Sum(s => s.GetProperty("packets_received").GetInt64());
        Assert.Equal(received, recorded);
        Assert.Equal(recorded, Value(text, "siprec_rtp_packets_total"));
        Assert.Equal(100 * 172, Value(text, "siprec_rtp_bytes_total"));
        Assert.Equal(0, Value(text, "siprec_srtp_auth_failures_total"));
        Assert.Equal(2, Value(text, "siprec_rtp_jitter_seconds_count"));
    }

    [Fact]
    public async Task RefusedInviteIsCountedAsRejected()
    {
        await using var server = await RunningServer.StartAsync();
        server.Service<SrsUserAgent>().StartDraining();
        using var caller = new SiprecCaller(server.Service<SipRecorderService>().UdpEndPoint!, "metrics-refused");

        var reply = await caller.InviteAsync();

        Assert.Equal(503, reply.Status);
        Assert.Matches(@"(?im)^Retry-After: \d+", reply.Headers);
        Assert.Matches(@"(?im)^Warning: 399 127\.0\.0\.1 ""Shutting Down""\r?$", reply.Headers);
        var text = await ScrapeAsync(server);
        Assert.Equal(1, Value(text, "siprec_sessions_total{outcome=\"rejected\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_responses_total{code=\"503\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_rejected_total{code=\"503\"}"));
        Assert.Equal(0, Value(text, "siprec_sessions_total{outcome=\"bye\"}"));
    }

    [Fact]
    public async Task RetransmittedRequestIsCountedOnceAndMalformedOneGetsA400()
    {
        await using var server = await RunningServer.StartAsync();
        var sip = server.Service<SipRecorderService>().UdpEndPoint!;
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
        var options = System.Text.Encoding.ASCII.GetBytes(
            $"OPTIONS sip:srs@127.0.0.1:{sip.Port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-opt1\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:src@127.0.0.1>;tag=a\r\nTo: <sip:srs@127.0.0.1>\r\nCall-ID: opt-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        var cseqMismatch = System.Text.Encoding.ASCII.GetBytes(
            $"OPTIONS sip:srs@127.0.0.1:{sip.Port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-opt2\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:src@127.0.0.1>;tag=a\r\nTo: <sip:srs@127.0.0.1>\r\nCall-ID: opt-2\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        var buffer = new byte[65535];
        foreach (var datagram in (byte[][])[options, options, cseqMismatch])
        {
            socket.SendTo(datagram, sip);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ReceiveAsync(buffer, cts.Token);
        }

        var text = await ScrapeAsync(server);
        Assert.Equal(1, Value(text, "siprec_sip_requests_total{method=\"OPTIONS\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_responses_total{code=\"200\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_responses_total{code=\"400\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_rejected_total{code=\"400\"}"));
    }

    private static Task<string> ScrapeAsync(RunningServer server) => server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    private static async Task<string> ScrapeWhenAsync(RunningServer server, Func<string, bool> condition)
    {
        var text = await ScrapeAsync(server);
        for (var i = 0; i < 100 && !condition(text); i++)
        {
            await Task.Delay(50);
            text = await ScrapeAsync(server);
        }

        return text;
    }

    private static double Value(string exposition, string series)
    {
        var match = Regex.Match(exposition, "(?m)^" + Regex.Escape(series) + " (\\S+)$");
        Assert.True(match.Success, "missing series " + series);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }
}
