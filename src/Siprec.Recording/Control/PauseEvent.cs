using Siprec.Recording.Sessions;

namespace Siprec.Recording.Control;

/// <summary>One pause/resume operation or timer outcome, for notifications, metrics, logs and the audit trail.</summary>
/// <param name="EventId">Unique id; webhook receivers use it to drop duplicates.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Status">The session's status right after the operation.</param>
/// <param name="Source">Who caused it.</param>
/// <param name="Changed">The operation changed the state (false for an idempotent repeat or a no-op resume).</param>
/// <param name="RecordingRequested">The operation asked to pause (or resume) recording.</param>
/// <param name="TranscriptionRequested">The operation asked to pause (or resume) transcription.</param>
/// <param name="PauseType">Which part was paused before a resume, or is paused after a pause: <c>recording</c>, <c>transcription</c> or <c>both</c>.</param>
/// <param name="EndedPauseDuration">For a change that ended a pause entirely, how long it held.</param>
public sealed record PauseEvent(
    string EventId,
    PauseEventKind Kind,
    PauseStatus Status,
    PauseSource Source,
    bool Changed,
    bool RecordingRequested,
    bool TranscriptionRequested,
    string PauseType,
    TimeSpan? EndedPauseDuration,
    string? Reason,
    string? KeyId,
    DateTimeOffset Timestamp)
{
    /// <summary>For the end of a DTMF policy pause, how many digits it covered (never which ones); null otherwise.</summary>
    public int? DigitCount { get; init; }

    /// <summary>A warning about pauses rather than a change of state: sent to receivers although nothing changed.</summary>
    public bool IsAlert => Kind is PauseEventKind.PauseLimitExceeded or PauseEventKind.PauseRateExceeded;

    /// <summary>The event's wire name, such as <c>session.paused</c>.</summary>
    public string Name => Kind switch
    {
        PauseEventKind.Paused => "session.paused",
        PauseEventKind.Resumed => "session.resumed",
        PauseEventKind.AutoResumed => "session.auto_resumed",
        PauseEventKind.PauseRateExceeded => "pause.rate_exceeded",
        _ => "session.pause_limit_exceeded",
    };
}
