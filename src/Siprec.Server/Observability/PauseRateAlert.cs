using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;

namespace Siprec.Server.Observability;

/// <summary>
/// Watches for the spec's "unusual pause patterns": counts the pauses that changed a session over the last minute of
/// the injected clock, across all sessions, and when they go over <c>PAUSE_ALERT_THRESHOLD</c> raises one
/// <c>pause.rate_exceeded</c> event (to the other sinks: webhooks, the event stream, the audit trail), a metric and a
/// warning; at most one alert a minute.
/// </summary>
public sealed partial class PauseRateAlert(int threshold, IServiceProvider services, ApiSecurityMetrics metrics, TimeProvider time, ILogger<PauseRateAlert> logger)
    : IPauseEventSink
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _pauses = new();
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastAlert;
    private IPauseEventSink[]? _receivers;

    /// <inheritdoc/>
    public void Publish(PauseEvent pauseEvent)
    {
        ArgumentNullException.ThrowIfNull(pauseEvent);
        if (threshold == 0 || pauseEvent.Kind != PauseEventKind.Paused || !pauseEvent.Changed)
        {
            return;
        }

        var now = time.GetUtcNow();
        int count;
        lock (_lock)
        {
            _pauses.Enqueue(now);
            while (_pauses.Peek() <= now - Window)
            {
                _pauses.Dequeue();
            }

            count = _pauses.Count;
            if (count <= threshold || (_lastAlert is { } last && now - last < Window))
            {
                return;
            }

            _lastAlert = now;
        }

        metrics.PauseRateExceeded();
        Log.RateExceeded(logger, count, threshold, pauseEvent.Status.SessionId);
        var reason = string.Create(CultureInfo.InvariantCulture, $"{count} pauses in the last minute, over PAUSE_ALERT_THRESHOLD {threshold}");
        var alert = new PauseEvent(
            Guid.NewGuid().ToString("N"), PauseEventKind.PauseRateExceeded, pauseEvent.Status, PauseSource.Policy, false, false, false,
            pauseEvent.PauseType, null, reason, pauseEvent.KeyId, now);

        // The other sinks are looked up at the first alert: they and this one are built from the same registrations.
        _receivers ??= [.. services.GetServices<IPauseEventSink>().Where(s => !ReferenceEquals(s, this))];
        foreach (var receiver in _receivers)
        {
            receiver.Publish(alert);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 470, Level = LogLevel.Warning, Message = "Unusual pause rate: {Pauses} pauses in the last minute, over PAUSE_ALERT_THRESHOLD {Threshold} (latest session {SessionId})")]
        public static partial void RateExceeded(ILogger logger, int pauses, int threshold, string sessionId);
    }
}
