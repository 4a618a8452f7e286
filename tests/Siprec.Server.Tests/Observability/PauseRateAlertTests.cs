using System.Text.Json;
using Siprec.Recording.Control;
using Siprec.Server.Notifications;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Observability;

public sealed class PauseRateAlertTests
{
    [Fact]
    public async Task PausesOverTheThresholdWithinAMinuteRaiseOneAlertOnTheInjectedClock()
    {
        await using var server = await RunningServer.StartAsync(o => o.PauseResume.PauseAlertThreshold = 2);
        using var subscription = server.Service<PauseEventStream>().Subscribe();
        foreach (var id in new[] { "s1", "s2", "s3", "s4" })
        {
            server.AddSession(id);
        }

        Assert.Equal(200, (await server.PostAsync("/api/sessions/s1/pause", "{}")).Status);
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(200, (await server.PostAsync("/api/sessions/s2/pause", "{}")).Status);
        server.Clock.Advance(TimeSpan.FromSeconds(31));

        // s1's pause has left the window: two in the last minute is not over the threshold.
        Assert.Equal(200, (await server.PostAsync("/api/sessions/s3/pause", "{}")).Status);
        Assert.Equal(0, CountAlerts(await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))));

        Assert.Equal(200, (await server.PostAsync("/api/sessions/s4/pause", "{}")).Status);
        Assert.Equal(1, CountAlerts(await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))));

        // A repeated pause changes nothing and counts for nothing; a further pause within the minute raises no second alert.
        Assert.Equal(200, (await server.PostAsync("/api/sessions/s4/pause", "{}")).Status);
        Assert.Equal(200, (await server.PostAsync("/api/sessions/s1/resume", "{}")).Status);
        Assert.Equal(200, (await server.PostAsync("/api/sessions/s1/pause", "{}")).Status);
        Assert.Equal(1, CountAlerts(await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))));

        var alerts = new List<PauseEvent>();
        while (subscription.Events.TryRead(out var e))
        {
            if (e.Kind == PauseEventKind.PauseRateExceeded)
            {
                alerts.Add(e);
            }
        }

        var alert = Assert.Single(alerts);
        Assert.Equal("pause.rate_exceeded", alert.Name);
        Assert.Equal("s4", alert.Status.SessionId);
        Assert.Equal("3 pauses in the last minute, over PAUSE_ALERT_THRESHOLD 2", alert.Reason);
        Assert.Equal(RunningServer.Start.AddSeconds(61), alert.Timestamp);
        Assert.Single(server.Logs.Lines, l => l.Contains("Unusual pause rate: 3 pauses", StringComparison.Ordinal));
        var json = JsonDocument.Parse(PauseEventJson.ToUtf8(alert)).RootElement;
        Assert.Equal("pause.rate_exceeded", json.GetProperty("event").GetString());
    }

    [Fact]
    public async Task OffByDefault()
    {
        await using var server = await RunningServer.StartAsync();
        foreach (var id in new[] { "s1", "s2", "s3" })
        {
            server.AddSession(id);
            Assert.Equal(200, (await server.PostAsync($"/api/sessions/{id}/pause", "{}")).Status);
        }

        Assert.Equal(0, CountAlerts(await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))));
    }

    private static int CountAlerts(string metrics) =>
        (int)double.Parse(
            metrics.Split('\n').Single(l => l.StartsWith("siprec_pause_rate_exceeded_total ", StringComparison.Ordinal)).Split(' ')[1],
            System.Globalization.CultureInfo.InvariantCulture);
}
