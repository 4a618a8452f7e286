using Prometheus;
using Siprec.Server.Notifications;

namespace Siprec.Server.Observability;

/// <summary>
/// Pause-event webhooks read at each scrape: <c>siprec_webhook_backlog_events</c> (events waiting for delivery),
/// <c>siprec_webhook_deliveries_total{outcome}</c> (delivered, abandoned, rejected, dropped, unsent_at_shutdown; one per event and receiver) and
/// <c>siprec_webhook_failed_attempts_total</c>.
/// </summary>
public sealed class WebhookMetrics
{
    /// <summary>Creates the series in <paramref name="registry"/>, read from <paramref name="notifier"/> and <paramref name="stats"/>.</summary>
    public WebhookMetrics(CollectorRegistry registry, WebhookNotifier notifier, WebhookDeliveryStats stats)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(stats);
        var factory = Metrics.WithCustomRegistry(registry);
        var backlog = factory.CreateGauge("siprec_webhook_backlog_events", "Pause events waiting for webhook delivery (at most 10,000; later ones are dropped).");
        var outcomes = factory.CreateCounter("siprec_webhook_deliveries_total", "Webhook deliveries (one per event and receiver) by outcome: delivered, abandoned (every attempt failed, not sent again), rejected (a 4xx other than 429, not retried), dropped (queue full), unsent_at_shutdown (still queued when the shutdown drain ran out).", "outcome");
        var failedAttempts = factory.CreateCounter("siprec_webhook_failed_attempts_total", "Webhook attempts that failed (non-2xx answer, network error or timeout).");
        var delivered = outcomes.WithLabels("delivered");
        var abandoned = outcomes.WithLabels("abandoned");
        var rejected = outcomes.WithLabels("rejected");
        var dropped = outcomes.WithLabels("dropped");
        var unsent = outcomes.WithLabels("unsent_at_shutdown");
        registry.AddBeforeCollectCallback(() =>
        {
            backlog.Set(notifier.Backlog);
            delivered.IncTo(stats.Delivered);
            abandoned.IncTo(stats.Abandoned);
            rejected.IncTo(stats.Rejected);
            dropped.IncTo(stats.Dropped);
            unsent.IncTo(stats.UnsentAtShutdown);
            failedAttempts.IncTo(stats.FailedAttempts);
        });
    }
}
