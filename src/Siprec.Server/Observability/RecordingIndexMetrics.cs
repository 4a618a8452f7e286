using Prometheus;
using Siprec.Recording.Index;

namespace Siprec.Server.Observability;

/// <summary>
/// <c>siprec_recording_index_failures_total{operation}</c> (write, catch_up, read) and
/// <c>siprec_recording_fetch_total{source}</c>: where the API found the files of a recording (local, s3, node, unavailable).
/// </summary>
public sealed class RecordingIndexMetrics : IRecordingIndexObserver
{
    private readonly Counter _failures;
    private readonly Counter _fetches;

    /// <summary>Creates the series in <paramref name="registry"/>.</summary>
    public RecordingIndexMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _failures = factory.CreateCounter("siprec_recording_index_failures_total", "Recordings index operations that failed, by operation.", "operation");
        _fetches = factory.CreateCounter("siprec_recording_fetch_total", "Recording files served by the API, by where they came from (unavailable: none could serve it).", "source");
    }

    /// <inheritdoc />
    public void OnIndexFailure(string operation) => _failures.WithLabels(operation).Inc();

    /// <summary>Counts one file request answered from <paramref name="source"/>.</summary>
    public void Fetched(string source) => _fetches.WithLabels(source).Inc();
}
