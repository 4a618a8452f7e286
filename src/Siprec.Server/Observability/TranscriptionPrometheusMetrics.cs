using Prometheus;
using Siprec.Server.Api;
using Siprec.Transcription;
using Siprec.Transcription.Feed;

namespace Siprec.Server.Observability;

/// <summary>
/// Exports <see cref="TranscriptionMetrics"/> to Prometheus: provider latency (end of audio to final result) as a histogram,
/// results by finality, errors, reconnects and audio seconds sent as counters brought up to date at scrape time; the
/// audio queued for providers and the streams in each state as gauges read at scrape time.
/// </summary>
public sealed class TranscriptionPrometheusMetrics
{
    private static readonly double[] LatencyBuckets = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];

    /// <summary>Registers the collectors in <paramref name="registry"/> and follows <paramref name="metrics"/>.</summary>
    public TranscriptionPrometheusMetrics(CollectorRegistry registry, TranscriptionMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(metrics);
        var factory = Metrics.WithCustomRegistry(registry);
        var latency = factory.CreateHistogram(
            "siprec_transcription_latency_seconds", "Provider latency: end of the audio of a final result to its arrival.",
            new HistogramConfiguration { LabelNames = ["provider"], Buckets = LatencyBuckets });
        var results = factory.CreateCounter("siprec_transcription_results_total", "Transcription results received, by finality.", "final");
        var errors = factory.CreateCounter("siprec_transcription_errors_total", "Speech provider errors (failed connects and broken streams).");
        var reconnects = factory.CreateCounter("siprec_transcription_reconnects_total", "Reconnects to speech providers after an error.");
        var audio = factory.CreateCounter("siprec_transcription_audio_seconds_total", "Seconds of audio sent to speech providers.");
        var dropped = factory.CreateCounter("siprec_transcription_dropped_chunks_total", "Audio chunks dropped because a provider was slow or unreachable.");
        var backlog = factory.CreateGauge("siprec_transcription_backlog_chunks", "Audio chunks (about 20 ms each) queued for speech providers and not yet sent; each stream holds at most 200, dropping the oldest.");
        var streams = factory.CreateGauge("siprec_transcription_streams", "Transcription streams by state: connecting, streaming, paused, reconnecting, circuit_open.", "state");
        var states = Enum.GetValues<TranscriptionFeedState>().Where(s => s != TranscriptionFeedState.Completed)
            .Select(s => (State: s, Series: streams.WithLabels(TranscriptionStatusJson.StateText(s)))).ToArray();
        metrics.LatencyObserved += (provider, elapsed) => latency.WithLabels(provider).Observe(elapsed.TotalSeconds);
        registry.AddBeforeCollectCallback(() =>
        {
            results.WithLabels("true").IncTo(metrics.FinalResults);
            results.WithLabels("false").IncTo(metrics.InterimResults);
            errors.IncTo(metrics.Errors);
            reconnects.IncTo(metrics.Reconnects);
            audio.IncTo(metrics.AudioSecondsSent);
            dropped.IncTo(metrics.DroppedChunks);
            backlog.Set(metrics.QueuedChunks);
            foreach (var (state, series) in states)
                series.Set(metrics.FeedsIn(state));
        });
    }
}
