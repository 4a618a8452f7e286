using Prometheus;
using Siprec.Recording.Vcon;

namespace Siprec.Server.Observability;

/// <summary>
/// <c>siprec_vcon_export_failures_total</c>: vCon files that could not be written beside a finished recording, read
/// from the writer at scrape time; stays at zero when vCon export is off.
/// </summary>
public sealed class VconExportMetrics
{
    /// <summary>Creates the counter in <paramref name="registry"/>; <paramref name="writer"/> is null when export is off.</summary>
    public VconExportMetrics(CollectorRegistry registry, VconFileWriter? writer)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var failures = Metrics.WithCustomRegistry(registry)
            .CreateCounter("siprec_vcon_export_failures_total", "vCon files (VCON_EXPORT) that could not be written beside a finished recording.");
        if (writer is not null)
            registry.AddBeforeCollectCallback(() => failures.IncTo(writer.Failures));
    }
}
