using System.Globalization;
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
        await Task.Delay(300);
        Assert.Equal(200, await caller.ByeAsync());
        Assert.True(await EventuallyAsync(() => server.Registry.Count == 0));

        var text = await ScrapeAsync(server);
        Assert.Equal(1, Value(text, "siprec_sip_requests_total{method=\"INVITE\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_requests_total{method=\"ACK\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_requests_total{method=\"BYE\"}"));
        Assert.Equal(2, Value(text, "siprec_sip_responses_total{code=\"200\"}"));
        Assert.Equal(1, Value(text, "siprec_sessions_total{outcome=\"bye\"}"));
        Assert.Equal(0, Value(text, "siprec_sessions_active"));
        Assert.Equal(1, Value(text, "siprec_recordings_written_total"));
        var wav = Assert.Single(Directory.GetFiles(server.Options.Recording.Directory, "*.wav", SearchOption.AllDirectories));
        Assert.Equal(new FileInfo(wav).Length, Value(text, "siprec_recording_bytes_total"));
        var packets = Value(text, "siprec_rtp_packets_total");
        Assert.InRange(packets, 1, 100);
        Assert.Equal(packets * 172, Value(text, "siprec_rtp_bytes_total"));
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
        var text = await ScrapeAsync(server);
        Assert.Equal(1, Value(text, "siprec_sessions_total{outcome=\"rejected\"}"));
        Assert.Equal(1, Value(text, "siprec_sip_responses_total{code=\"503\"}"));
        Assert.Equal(0, Value(text, "siprec_sessions_total{outcome=\"bye\"}"));
    }

    private static Task<string> ScrapeAsync(RunningServer server) => server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

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
