using Prometheus;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;

namespace Siprec.Server.Observability;

/// <summary>
/// The pause/resume Prometheus metrics. A <c>session_id</c> label is added only when configured, because one
/// series per call grows without bound.
/// </summary>
public sealed class PauseMetrics : IPauseEventSink
{
    private static readonly double[] DurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];

    private readonly bool _sessionLabels;
    private readonly Counter _paused;
    private readonly Counter _resumed;
    private readonly Histogram _pauseDuration;
    private readonly Counter _limitExceeded;
    private readonly Counter _policyPauses;

    /// <summary>Creates the metrics in <paramref name="registry"/>; the paused-sessions gauge is computed from <paramref name="sessions"/> at scrape time.</summary>
    public PauseMetrics(CollectorRegistry registry, ISessionRegistry sessions, bool sessionLabels)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(sessions);
        _sessionLabels = sessionLabels;
        var factory = Metrics.WithCustomRegistry(registry);
        string[] typed = sessionLabels ? ["session_id", "pause_type"] : ["pause_type"];
        string[] untyped = sessionLabels ? ["session_id"] : [];
        _paused = factory.CreateCounter("siprec_sessions_paused_total", "Pauses that changed a session's state, by what was paused.", typed);
        _resumed = factory.CreateCounter("siprec_sessions_resumed_total", "Resumes (API, SRC or automatic) that changed a session's state.", untyped);
        _pauseDuration = factory.CreateHistogram(
            "siprec_session_pause_duration_seconds", "How long pauses held, observed when they end.",
            new HistogramConfiguration { LabelNames = typed, Buckets = DurationBuckets });
        _limitExceeded = factory.CreateCounter(
            "siprec_pause_limit_exceeded_total", "Pauses that passed MAX_PAUSE_DURATION without auto-resume.", untyped);
        _policyPauses = factory.CreateCounter(
            "siprec_policy_pauses_total", "Pauses started by an automatic policy, by policy (dtmf).", ["policy"]);
        var currentlyPaused = factory.CreateGauge("siprec_sessions_currently_paused", "Sessions with any pause holding now.");
        registry.AddBeforeCollectCallback(() => currentlyPaused.Set(sessions.Snapshot().Count(s => s.Pause.Snapshot.IsPaused)));
    }

    /// <inheritdoc />
    public void Publish(PauseEvent pauseEvent)
    {
        ArgumentNullException.ThrowIfNull(pauseEvent);
        var id = pauseEvent.Status.SessionId;
        switch (pauseEvent.Kind)
        {
            case PauseEventKind.Paused when pauseEvent.Changed:
                Labelled(_paused, id, pauseEvent.PauseType).Inc();
                if (pauseEvent.Source == PauseSource.Policy && pauseEvent.Reason is { } policy)
                    _policyPauses.WithLabels(policy).Inc();
                break;
            case PauseEventKind.Resumed or PauseEventKind.AutoResumed when pauseEvent.Changed:
                (_sessionLabels ? _resumed.WithLabels(id) : (ICounter)_resumed).Inc();
                if (pauseEvent.EndedPauseDuration is { } held)
                {
                    (_sessionLabels ? _pauseDuration.WithLabels(id, pauseEvent.PauseType) : _pauseDuration.WithLabels(pauseEvent.PauseType))
                        .Observe(held.TotalSeconds);
                }

                break;
            case PauseEventKind.PauseLimitExceeded:
                (_sessionLabels ? _limitExceeded.WithLabels(id) : (ICounter)_limitExceeded).Inc();
                break;
        }
    }

    private Counter.Child Labelled(Counter counter, string sessionId, string pauseType) =>
        _sessionLabels ? counter.WithLabels(sessionId, pauseType) : counter.WithLabels(pauseType);
}
