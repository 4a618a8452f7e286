using Prometheus;
using Siprec.Recording.Upload;

namespace Siprec.Server.Observability;

/// <summary>
/// The S3 upload read from the uploader at each scrape: <c>siprec_s3_upload_backlog_recordings</c> (queued or being
/// uploaded), <c>siprec_s3_uploads_total{outcome}</c> (uploaded, gave_up, not_queued) and
/// <c>siprec_s3_upload_failed_attempts_total</c>; the series stay at zero when upload is off.
/// </summary>
public sealed class RecordingUploadMetrics
{
    /// <summary>Creates the series in <paramref name="registry"/>; <paramref name="uploader"/> is null when upload is off.</summary>
    public RecordingUploadMetrics(CollectorRegistry registry, S3RecordingUploader? uploader)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Metrics.WithCustomRegistry(registry);
        var backlog = factory.CreateGauge("siprec_s3_upload_backlog_recordings", "Finished recordings queued for S3 upload or being uploaded now (those given up wait on disk for the next requeue).");
        var outcomes = factory.CreateCounter("siprec_s3_uploads_total", "Recording uploads by outcome: uploaded, gave_up (every attempt failed), not_queued (queue full); the last two stay on disk and are queued again.", "outcome");
        var failedAttempts = factory.CreateCounter("siprec_s3_upload_failed_attempts_total", "S3 upload attempts that failed (each retried with backoff up to S3_UPLOAD_MAX_ATTEMPTS).");
        var uploaded = outcomes.WithLabels("uploaded");
        var gaveUp = outcomes.WithLabels("gave_up");
        var notQueued = outcomes.WithLabels("not_queued");
        if (uploader is null)
            return;
        registry.AddBeforeCollectCallback(() =>
        {
            backlog.Set(uploader.Backlog);
            uploaded.IncTo(uploader.Uploaded);
            gaveUp.IncTo(uploader.GaveUp);
            notQueued.IncTo(uploader.NotQueued);
            failedAttempts.IncTo(uploader.FailedAttempts);
        });
    }
}
