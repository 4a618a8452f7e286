using Prometheus;
using Siprec.Cluster;

namespace Siprec.Server.Observability;

/// <summary>
/// <c>siprec_cluster_nodes</c>, <c>siprec_cluster_command_duration_seconds</c> (commands answered by another node) and
/// <c>siprec_cluster_command_failures_total{reason}</c>.
/// </summary>
public sealed class ClusterMetrics : IClusterObserver
{
    private readonly Gauge _nodes;
    private readonly Histogram _latency;
    private readonly Counter _failures;

    /// <summary>Creates the series in <paramref name="registry"/>.</summary>
    public ClusterMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _nodes = factory.CreateGauge("siprec_cluster_nodes", "Live nodes of the cluster, as this node last saw them.");
        _latency = factory.CreateHistogram(
            "siprec_cluster_command_duration_seconds", "Time from sending a command to another node until its answer.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        _failures = factory.CreateCounter("siprec_cluster_command_failures_total", "Commands for another node that got no answer, by reason.", "reason");
    }

    /// <inheritdoc />
    public void NodesSeen(int count) => _nodes.Set(count);

    /// <inheritdoc />
    public void CommandAnswered(TimeSpan latency) => _latency.Observe(latency.TotalSeconds);

    /// <inheritdoc />
    public void CommandFailed(string reason) => _failures.WithLabels(reason).Inc();
}
