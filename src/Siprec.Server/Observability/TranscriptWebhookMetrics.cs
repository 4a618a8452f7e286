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
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        var backlog = factory.CreateGauge("siprec_transcript_webhook_backlog_results", "Final transcript results waiting for webhook delivery (at most 1,000; a newer one drops the oldest).");
        var outcomes = factory.CreateCounter(
            "siprec_transcript_webhook_deliveries_total",
            "Transcript webhook deliveries by outcome: delivered, abandoned (every attempt failed), rejected (a 4xx other than 429, not retried), dropped (queue full, oldest dropped), unsent_at_shutdown.",
            "outcome");
        var failedAttempts = factory.CreateCounter("siprec_transcript_webhook_failed_attempts_total", "Transcript webhook attempts that failed with a 5xx, a 429, a network error or a timeout.");
        var delivered = outcomes.WithLabels("delivered");
        var abandoned = outcomes.WithLabels("abandoned");
        var rejected = outcomes.WithLabels("rejected");
        var dropped = outcomes.WithLabels("dropped");
        var unsent = outcomes.WithLabels("unsent_at_shutdown");
        if (sink is null)
            return;
        registry.AddBeforeCollectCallback(() =>
        {
            backlog.Set(sink.Backlog);
            delivered.IncTo(sink.Delivered);
            abandoned.IncTo(sink.Abandoned);
            rejected.IncTo(sink.Rejected);
            dropped.IncTo(sink.Dropped);
            unsent.IncTo(sink.UnsentAtShutdown);
            failedAttempts.IncTo(sink.FailedAttempts);
        });
    }
}
