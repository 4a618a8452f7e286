namespace Siprec.Server.Configuration;

/// <summary>Prometheus metrics settings.</summary>
public sealed class MetricsOptions
{
    /// <summary>Add a <c>session_id</c> label to per-session metrics (high cardinality; off by default).</summary>
    public bool SessionLabels { get; set; }
}
