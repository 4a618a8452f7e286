using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Siprec.Recording.Retention;

namespace Siprec.Server.Hosting;

/// <summary>
/// Runs the retention sweep every sweep interval on the injected clock, the first one interval after start (so the
/// index has caught up with the disk first); counts outcomes in <c>siprec_retention_recordings_total{outcome}</c>. A
/// sweep that fails is logged and retried at the next interval.
/// </summary>
public sealed partial class RetentionService : BackgroundService
{
    private readonly RecordingRetentionSweeper _sweeper;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Counter _outcomes;
    private readonly ILogger<RetentionService> _logger;

    /// <summary>Creates the service sweeping every <paramref name="interval"/>.</summary>
    public RetentionService(RecordingRetentionSweeper sweeper, TimeSpan interval, TimeProvider time, CollectorRegistry registry, ILogger<RetentionService> logger)
    {
        _sweeper = sweeper;
        _interval = interval;
        _time = time;
        _logger = logger;
        _outcomes = Metrics.WithCustomRegistry(registry).CreateCounter(
            "siprec_retention_recordings_total", "Expired recordings by retention outcome: deleted, held, failed (and sweep_failed for whole sweeps).", "outcome");
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(_interval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var result = await _sweeper.SweepAsync(stoppingToken).ConfigureAwait(false);
                _outcomes.WithLabels("deleted").Inc(result.Deleted);
                _outcomes.WithLabels("held").Inc(result.Held);
                _outcomes.WithLabels("failed").Inc(result.Failed);
                Log.Swept(_logger, result.Deleted, result.Held, result.Failed);
            }
            catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
            {
                _outcomes.WithLabels("sweep_failed").Inc();
                Log.SweepFailed(_logger, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "Retention sweep: {Deleted} deleted, {Held} kept on hold, {Failed} failed")]
        public static partial void Swept(ILogger logger, int deleted, int held, int failed);

        [LoggerMessage(EventId = 711, Level = LogLevel.Error, Message = "Retention sweep failed; retried at the next interval")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
