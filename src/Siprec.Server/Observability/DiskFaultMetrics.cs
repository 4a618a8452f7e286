using Prometheus;
using Siprec.Recording.Admission;

namespace Siprec.Server.Observability;

/// <summary>
/// <c>siprec_recording_write_failures_total</c> and <c>siprec_disk_refusing_calls</c> (1 while new calls get 503 for
/// a full or failing recording disk), read from the disk guard at each scrape.
/// </summary>
public sealed class DiskFaultMetrics
{
    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public DiskFaultMetrics(CollectorRegistry registry, RecordingDiskGuard disk)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(disk);
        var factory = Metrics.WithCustomRegistry(registry);
        var failures = factory.CreateCounter("siprec_recording_write_failures_total", "Recordings whose audio could not be written any further (a full or failing disk).");
        var refusing = factory.CreateGauge("siprec_disk_refusing_calls", "1 while new calls are answered 503 because the recording disk is short of space or failing.");
        registry.AddBeforeCollectCallback(() =>
        {
            failures.IncTo(disk.WriteFailures);
            refusing.Set(disk.RefusalReason() is null ? 0 : 1);
        });
    }
}
