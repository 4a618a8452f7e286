using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
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
        var first = await ScrapeWhenAsync(server, text => Value(text, "siprec_rtp_bytes_total") == 50 * DatagramBytes);
        Assert.Equal(1, Value(first, "siprec_sessions_active"));
        Assert.Equal(0, Value(first, "siprec_sessions_total{outcome=\"bye\"}"));
        var packetsFirst = Value(first, "siprec_rtp_packets_total");
        Assert.InRange(packetsFirst, 1, 50);

        call.SendRtp(25);
        var second = await ScrapeWhenAsync(server, text => Value(text, "siprec_rtp_bytes_total") == 100 * DatagramBytes);
        Assert.Equal(1, Value(second, "siprec_sessions_active"));
        var packetsLive = Value(second, "siprec_rtp_packets_total");
        Assert.InRange(packetsLive, packetsFirst + 1, packetsFirst + 50);

        Assert.Equal(200, await call.ByeAsync());
        using var sidecar = await EndedSidecar.WaitAsync(server.RecordingDirectory, TimeSpan.FromSeconds(10));
        var recorded = sidecar.RootElement.GetProperty("streams").EnumerateArray().Sum(s => s.GetProperty("packets_received").GetInt64());
        var after = await ScrapeWhenAsync(server, text => Value(text, "siprec_sessions_total{outcome=\"bye\"}") == 1);

        Assert.Equal(packetsLive, recorded);
        Assert.Equal(recorded, Value(after, "siprec_rtp_packets_total"));
        Assert.Equal(100 * DatagramBytes, Value(after, "siprec_rtp_bytes_total"));
        Assert.Equal(0, Value(after, "siprec_sessions_active"));
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<string> ScrapeWhenAsync(ServerProcess server, Func<string, bool> condition)
    {
        var text = "";
        for (var i = 0; i < 100; i++)
        {
            text = await server.Http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            if (condition(text))
                return text;
            await Task.Delay(100);
        }

        Assert.Fail("the metrics never reached the expected state:\n" + string.Join('\n', text.Split('\n').Where(l => l.StartsWith("siprec_rtp", StringComparison.Ordinal) || l.StartsWith("siprec_sessions", StringComparison.Ordinal))));
        return text;
    }

    private static double Value(string exposition, string series)
    {
        var match = Regex.Match(exposition, "(?m)^" + Regex.Escape(series) + " (\\S+)$");
        Assert.True(match.Success, "missing series " + series);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
