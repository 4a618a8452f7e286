using Prometheus;
using Siprec.Transcription.Output;

namespace Siprec.Server.Observability;

/// <summary>
/// The transcript webhook (<c>STT_WEBHOOK_URL</c>) read at each scrape: <c>siprec_transcript_webhook_backlog_results</c>
/// (final results waiting for delivery), <c>siprec_transcript_webhook_deliveries_total{outcome}</c> (delivered, abandoned,
/// rejected, dropped, unsent_at_shutdown) and <c>siprec_transcript_webhook_failed_attempts_total</c>; the series stay at
/// zero when no transcript webhook is configured.
/// </summary>
public sealed class TranscriptWebhookMetrics
{
    /// <summary>Creates the series in <paramref name="registry"/>; <paramref name="sink"/> is null when no transcript webhook is configured.</summary>
    public TranscriptWebhookMetrics(CollectorRegistry registry, TranscriptWebhookSink? sink)
    {
        var series = new WebhookDeliverySeries(
            registry,
            backlog: "siprec_transcript_webhook_backlog_results",
            backlogHelp: "Final transcript results waiting for webhook delivery (at most STT_WEBHOOK_QUEUE_RESULTS, 1,000 by default; a newer one drops the oldest).",
            deliveries: "siprec_transcript_webhook_deliveries_total",
            deliveriesHelp: "Transcript webhook deliveries by outcome: delivered, abandoned (every attempt failed), rejected (a 4xx other than 429, not retried), dropped (queue full, oldest dropped), unsent_at_shutdown.",
            failedAttempts: "siprec_transcript_webhook_failed_attempts_total",
            failedAttemptsHelp: "Transcript webhook attempts that failed with a 5xx, a 429, a network error or a timeout.");
        if (sink is not null)
        {
            series.Follow(() => sink.Backlog, sink);
        }
    }
}
