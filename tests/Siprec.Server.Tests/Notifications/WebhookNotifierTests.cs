using System.Text.Json;
using Siprec.Server.Configuration;
using Siprec.Server.Notifications;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Notifications;

public sealed class WebhookNotifierTests
{
    [Fact]
    public async Task DeliversSignedEventsWithIdempotencyId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await StartNotifyingAsync([receiver.Url], o => o.PauseResume.WebhookSecret = "s3cret");
        await server.PostAsync("/api/sessions/s1/pause", """{"pause_recording": true, "pause_transcription": false, "reason": "pci"}""");
        var hook = await receiver.NextAsync();

        Assert.Equal(WebhookSignature.Compute("s3cret", hook.Body), hook.Headers["X-Siprec-Signature"]);
        Assert.Matches("^sha256=[0-9a-f]{64}$", hook.Headers["X-Siprec-Signature"]);
        Assert.StartsWith("application/json", hook.Headers["Content-Type"], StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(hook.Body);
        var root = doc.RootElement;
        Assert.Equal(hook.Headers["X-Siprec-Event-Id"], root.GetProperty("event_id").GetString());
        Assert.Equal("session.paused", root.GetProperty("event").GetString());
        Assert.Equal("s1", root.GetProperty("session_id").GetString());
        Assert.Equal("api", root.GetProperty("source").GetString());
        Assert.Equal("pci", root.GetProperty("reason").GetString());
        Assert.Equal("2023-12-01T10:30:00Z", root.GetProperty("timestamp").GetString());
        Assert.True(root.GetProperty("status").GetProperty("recording_paused").GetBoolean());

        await server.PostAsync("/api/sessions/s1/resume");
        var resumed = await receiver.NextAsync();
        using var resumedDoc = JsonDocument.Parse(resumed.Body);
        Assert.Equal("session.resumed", resumedDoc.RootElement.GetProperty("event").GetString());
        Assert.NotEqual(hook.Headers["X-Siprec-Event-Id"], resumed.Headers["X-Siprec-Event-Id"]);
    }

    [Fact]
    public async Task RetriesWithBackoffKeepingTheEventId()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        await using var server = await StartNotifyingAsync([receiver.Url]);
        var (status, _, _) = await server.PostAsync("/api/sessions/s1/pause");
        Assert.Equal(200, status);
        var first = await receiver.NextAsync();
        Assert.True(first.AnsweredWithError);
        Assert.False(first.Headers.ContainsKey("X-Siprec-Signature"));
        Assert.True(await server.WebhookAttempts.StartedWithinAsync(TimeSpan.FromSeconds(15)));

        var second = await AdvanceUntilRetryAsync(server, receiver);
        var third = await AdvanceUntilRetryAsync(server, receiver);
        Assert.True(second.AnsweredWithError);
        Assert.False(third.AnsweredWithError);
        Assert.Equal(first.Headers["X-Siprec-Event-Id"], third.Headers["X-Siprec-Event-Id"]);
        Assert.Equal("3", third.Headers["X-Siprec-Delivery-Attempt"]);
        Assert.Equal(first.Body, third.Body);

        // One line per failed attempt: the retry strategy's own telemetry, written before each retry, adds none.
        var warnings = server.Logs.Lines
            .Where(l => l.Contains("\"logger\":\"Polly", StringComparison.Ordinal) || l.Contains("\"logger\":\"Siprec.Server.Notifications.", StringComparison.Ordinal))
            .Where(l => l.Contains("\"level\":\"warn\"", StringComparison.Ordinal) || l.Contains("\"level\":\"error\"", StringComparison.Ordinal))
            .ToList();
        Assert.True(warnings.Count == 2, string.Join("\n", warnings));
        Assert.All(warnings, l => Assert.Contains("Webhook delivery failed", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASingleConfiguredAttemptGivesUpAfterTheFirstFailure()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1000);
        await using var server = await StartNotifyingAsync([receiver.Url], o => o.PauseResume.WebhookMaxAttempts = 1);
        await server.PostAsync("/api/sessions/s1/pause");
        await server.PostAsync("/api/sessions/s1/resume");

        // The clock never moves: with a second attempt the pause would wait for it, so the resume arriving next shows there was none.
        var first = await receiver.NextAsync();
        var next = await receiver.NextAsync();
        Assert.Equal(("session.paused", "session.resumed"), (Event(first), Event(next)));
        Assert.Equal("1", next.Headers["X-Siprec-Delivery-Attempt"]);
        var stats = server.Service<WebhookDeliveryStats>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (stats.Abandoned < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal((2, 0, 0), (stats.Abandoned, stats.Rejected, stats.Delivered));
    }

    [Fact]
    public async Task AnAnswerNotWorthRetryingIsFinalAndTheNextEventGoesAtOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1, failStatus: 404);
        await using var server = await StartNotifyingAsync([receiver.Url]);
        await server.PostAsync("/api/sessions/s1/pause");
        await server.PostAsync("/api/sessions/s1/resume");

        // The clock never moves: a retry of the 404 would wait for it, so the resume arriving next shows there was none.
        var refused = await receiver.NextAsync();
        var next = await receiver.NextAsync();
        Assert.True(refused.AnsweredWithError);
        Assert.Equal("session.paused", Event(refused));
        Assert.Equal("session.resumed", Event(next));
        Assert.Equal("1", next.Headers["X-Siprec-Delivery-Attempt"]);
        await server.WebhookAttempts.AnsweredAsync();
        var stats = server.Service<WebhookDeliveryStats>();
        Assert.Equal((1, 0), (stats.Rejected, stats.Abandoned));
        var line = Assert.Single(server.Logs.Lines, l => l.Contains("refused by the receiver, not retried", StringComparison.Ordinal));
        Assert.Contains("HTTP 404", line, StringComparison.Ordinal);
        Assert.Contains("\"session_id\":\"s1\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitExceededIsNotified()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await StartNotifyingAsync([receiver.Url], o => o.PauseResume.MaxPauseDuration = TimeSpan.FromMinutes(5));
        await server.PostAsync("/api/sessions/s1/pause");
        Assert.Equal("session.paused", Event(await receiver.NextAsync()));
        await server.WebhookAttempts.AnsweredAsync();
        server.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("session.pause_limit_exceeded", Event(await receiver.NextAsync()));
    }

    [Fact]
    public async Task NotificationsOffSendsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await RunningServer.StartAsync(o => o.PauseResume.WebhookUrls = [receiver.Url]);
        server.AddSession("s1");
        await server.PostAsync("/api/sessions/s1/pause");
        await server.PostAsync("/api/sessions/s1/resume");
        await server.PostAsync("/api/sessions/s1/pause");

        // Events leave one queue in order, so the first delivery after notifications are turned on shows that none of
        // the earlier events was queued.
        server.Options.PauseResume.Notifications = true;
        await server.PostAsync("/api/sessions/s1/resume");
        Assert.Equal("session.resumed", Event(await receiver.NextAsync()));
    }

    [Fact]
    public async Task EventsQueuedAtShutdownAreDeliveredWithinTheDrain()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1);
        await using var server = await StartNotifyingAsync([receiver.Url]);
        await server.PostAsync("/api/sessions/s1/pause");
        Assert.True((await receiver.NextAsync()).AnsweredWithError);
        await server.PostAsync("/api/sessions/s1/resume");
        await server.PostAsync("/api/sessions/s1/pause");

        // The receiver comes back while the server stops: the first event's retry and the two queued behind it still go.
        var stopping = server.App.StopAsync();
        var retried = await AdvanceUntilRetryAsync(server, receiver);
        var second = await receiver.NextAsync();
        var third = await receiver.NextAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["session.paused", "session.resumed", "session.paused"], new[] { Event(retried)!, Event(second)!, Event(third)! });
        var stats = server.Service<WebhookDeliveryStats>();
        Assert.Equal(3, stats.Delivered);
        Assert.Equal(0, stats.UnsentAtShutdown);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("Webhook drain at shutdown ran out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EventsLeftWhenTheDrainRunsOutAreCountedAndLoggedOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 1000);
        await using var server = await StartNotifyingAsync([receiver.Url], o => o.ShutdownWebhookDrainTimeout = TimeSpan.FromSeconds(2));
        await server.PostAsync("/api/sessions/s1/pause");
        await server.PostAsync("/api/sessions/s1/resume");
        await server.WebhookAttempts.AnsweredAsync();

        await StopWhileTheClockRunsAsync(server);
        var stats = server.Service<WebhookDeliveryStats>();
        Assert.Equal(0, stats.Delivered);
        Assert.Equal(2, stats.UnsentAtShutdown);
        var line = Assert.Single(server.Logs.Lines, l => l.Contains("Webhook drain at shutdown ran out", StringComparison.Ordinal));
        Assert.Contains("\"unsent\":2", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventCutShortByTheDrainIsUnsentOnlyForTheReceiversThatHadNotGotIt()
    {
        await using var up = await WebhookReceiver.StartAsync();
        await using var down = await WebhookReceiver.StartAsync(failFirst: 1000);
        await using var server = await StartNotifyingAsync([up.Url, down.Url], o => o.ShutdownWebhookDrainTimeout = TimeSpan.FromSeconds(2));
        await server.PostAsync("/api/sessions/s1/pause");
        Assert.False((await up.NextAsync()).AnsweredWithError);
        Assert.True((await down.NextAsync()).AnsweredWithError);
        await server.WebhookAttempts.AnsweredAsync();
        await server.WebhookAttempts.AnsweredAsync();

        await StopWhileTheClockRunsAsync(server);
        var stats = server.Service<WebhookDeliveryStats>();
        Assert.Equal((1, 1, 0), (stats.Delivered, stats.UnsentAtShutdown, stats.Abandoned));
        var line = Assert.Single(server.Logs.Lines, l => l.Contains("Webhook drain at shutdown ran out", StringComparison.Ordinal));
        Assert.Contains("\"unsent\":1", line, StringComparison.Ordinal);
    }

    // Stops the server while moving its clock a second at a time, so the drain's time runs out.
    /// <summary>A running server that sends pause events to <paramref name="urls"/>, set up further by <paramref name="configure"/>, with live session s1.</summary>
    private static async Task<RunningServer> StartNotifyingAsync(IReadOnlyList<Uri> urls, Action<SiprecOptions>? configure = null)
    {
        var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.Notifications = true;
            o.PauseResume.WebhookUrls = urls;
            configure?.Invoke(o);
        });
        server.AddSession("s1");
        return server;
    }

    private static async Task StopWhileTheClockRunsAsync(RunningServer server)
    {
        var stopping = server.App.StopAsync();
        for (var i = 0; i < 60 && !stopping.IsCompleted; i++)
        {
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromMilliseconds(50)));
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static string? Event(ReceivedWebhook hook)
    {
        using var doc = JsonDocument.Parse(hook.Body);
        return doc.RootElement.GetProperty("event").GetString();
    }

    // Moves the clock a second at a time until the next attempt starts and no further: a clock moved while an attempt is
    // in flight would run out that attempt's own timeout.
    private static async Task<ReceivedWebhook> AdvanceUntilRetryAsync(RunningServer server, WebhookReceiver receiver)
    {
        await server.WebhookAttempts.AnsweredAsync();
        for (var i = 0; i < 60; i++)
        {
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            if (await server.WebhookAttempts.StartedWithinAsync(TimeSpan.FromMilliseconds(50)))
            {
                return await receiver.NextAsync();
            }
        }

        throw new TimeoutException("no retry started");
    }
}
