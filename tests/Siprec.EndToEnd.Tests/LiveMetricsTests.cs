using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;

namespace Siprec.EndToEnd.Tests;

/// <summary>GET /metrics of the built server read while a real SIPREC call sends RTP, and again after its BYE.</summary>
public sealed class LiveMetricsTests : IDisposable
{
    private const int DatagramBytes = 12 + 160;
    private readonly TestDirectory _directory = new("live-metrics");

    [IntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task RtpCountersAdvanceDuringTheCallAndTheByeAddsNothing()
    {
        await using var server = await ServerProcess.StartAsync(_directory);
        using var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, server.SipPort), "live-metrics-1");
        Assert.Equal(200, (await call.InviteAsync()).Status);
        Assert.Equal(2, call.MediaPorts.Count);

        call.SendRtp(25);
        var first = await MetricsScrape.WhenAsync(server, text => MetricsScrape.Value(text, "siprec_rtp_bytes_total") == 50 * DatagramBytes);
        Assert.Equal(1, MetricsScrape.Value(first, "siprec_sessions_active"));
        Assert.Equal(0, MetricsScrape.Value(first, "siprec_sessions_total{outcome=\"bye\"}"));
        var packetsFirst = MetricsScrape.Value(first, "siprec_rtp_packets_total");
        Assert.InRange(packetsFirst, 1, 50);

        call.SendRtp(25);
        var second = await MetricsScrape.WhenAsync(server, text => MetricsScrape.Value(text, "siprec_rtp_bytes_total") == 100 * DatagramBytes);
        Assert.Equal(1, MetricsScrape.Value(second, "siprec_sessions_active"));
        var packetsLive = MetricsScrape.Value(second, "siprec_rtp_packets_total");
        Assert.InRange(packetsLive, packetsFirst + 1, packetsFirst + 50);

        Assert.Equal(200, await call.ByeAsync());
        using var sidecar = await EndedSidecar.WaitAsync(server.RecordingDirectory, TimeSpan.FromSeconds(10));
        var recorded = sidecar.RootElement.GetProperty("streams").EnumerateArray().Sum(s => s.GetProperty("packets_received").GetInt64());
        var after = await MetricsScrape.WhenAsync(server, text => MetricsScrape.Value(text, "siprec_sessions_total{outcome=\"bye\"}") == 1);

        Assert.Equal(packetsLive, recorded);
        Assert.Equal(recorded, MetricsScrape.Value(after, "siprec_rtp_packets_total"));
        Assert.Equal(100 * DatagramBytes, MetricsScrape.Value(after, "siprec_rtp_bytes_total"));
        Assert.Equal(0, MetricsScrape.Value(after, "siprec_sessions_active"));
    }

    public void Dispose() => _directory.Dispose();
}
