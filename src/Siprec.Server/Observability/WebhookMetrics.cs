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
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(stats);
        new WebhookDeliverySeries(
            registry,
            backlog: "siprec_webhook_backlog_events",
            backlogHelp: "Pause events waiting for webhook delivery (at most 10,000; later ones are dropped).",
            deliveries: "siprec_webhook_deliveries_total",
            deliveriesHelp: "Webhook deliveries (one per event and receiver) by outcome: delivered, abandoned (every attempt failed, not sent again), rejected (a 4xx other than 429, not retried), dropped (queue full), unsent_at_shutdown (still queued when the shutdown drain ran out).",
            failedAttempts: "siprec_webhook_failed_attempts_total",
            failedAttemptsHelp: "Webhook attempts that failed (non-2xx answer, network error or timeout).")
            .Follow(() => notifier.Backlog, stats);
    }
}
