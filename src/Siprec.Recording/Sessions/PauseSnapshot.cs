using Siprec.Media.Pipeline;

namespace Siprec.Recording.Sessions;

/// <summary>An immutable reading of a session's pause state.</summary>
/// <param name="ApiRecordingPaused">Recording is paused by an API or policy request.</param>
/// <param name="ApiTranscriptionPaused">Transcription is paused by an API or policy request.</param>
/// <param name="ApiPausedAt">When the API/policy pause began; null when none holds.</param>
/// <param name="ApiSource">Source of the API-side pause (<see cref="PauseSource.Api"/> or <see cref="PauseSource.Policy"/>).</param>
/// <param name="SourcePausedAt">When the SRC pause began; null when none holds.</param>
/// <param name="Behavior">How the paused interval appears in the recording.</param>
/// <param name="Reason">Operator-supplied reason of the API pause.</param>
/// <param name="KeyId">Key id of the caller that started the API pause.</param>
/// <param name="AutoResumeAt">When the API pause is resumed automatically; null when it is not.</param>
public sealed record PauseSnapshot(
    bool ApiRecordingPaused,
    bool ApiTranscriptionPaused,
    DateTimeOffset? ApiPausedAt,
    PauseSource ApiSource,
    DateTimeOffset? SourcePausedAt,
    PausedAudioBehavior Behavior,
    string? Reason,
    string? KeyId,
    DateTimeOffset? AutoResumeAt)
{
    /// <summary>Nothing is paused.</summary>
    public static PauseSnapshot Running { get; } = new(false, false, null, PauseSource.Api, null, PausedAudioBehavior.Skip, null, null, null);

    /// <summary>How the SRC pause appears in the recording (SRC_PAUSE_BEHAVIOR, else the call's pause behavior); kept while none holds.</summary>
    public PausedAudioBehavior SourceBehavior { get; init; } = PausedAudioBehavior.Silence;

    /// <summary>Recording is paused by an automatic policy (such as DTMF), apart from any API pause.</summary>
    public bool PolicyRecordingPaused { get; init; }

    /// <summary>Transcription is paused by an automatic policy.</summary>
    public bool PolicyTranscriptionPaused { get; init; }

    /// <summary>Where on the media clock the policy pause began (before it was found, for a DTMF digit); null when none holds.</summary>
    public DateTimeOffset? PolicyPausedAt { get; init; }

    /// <summary>Why the policy pause holds, such as <c>dtmf</c>.</summary>
    public string? PolicyReason { get; init; }

    /// <summary>How the policy pause appears in the recording.</summary>
    public PausedAudioBehavior PolicyBehavior { get; init; } = PausedAudioBehavior.Skip;

    /// <summary>The SRC has paused media (a=inactive on all streams).</summary>
    public bool SourcePaused => SourcePausedAt is not null;

    /// <summary>Audio is kept out of the recording (API recording pause or SRC pause).</summary>
    public bool RecordingPaused => ApiRecordingPaused || PolicyRecordingPaused || SourcePaused;

    /// <summary>Audio is kept away from the speech provider (API transcription pause or SRC pause).</summary>
    public bool TranscriptionPaused => ApiTranscriptionPaused || PolicyTranscriptionPaused || SourcePaused;

    /// <summary>Anything is paused.</summary>
    public bool IsPaused => RecordingPaused || TranscriptionPaused;

    /// <summary>Start of the current pause: the earliest of the pauses that hold; null when running.</summary>
    public DateTimeOffset? PausedAt => Earliest(ApiPausedAt, Earliest(PolicyPausedAt, SourcePausedAt));

    /// <summary>Source of the pause that began first; null when running.</summary>
    public PauseSource? PausedBy => PausedAt switch
    {
        null => null,
        { } first when first == ApiPausedAt => ApiSource,
        { } first when first == PolicyPausedAt => PauseSource.Policy,
        _ => PauseSource.Src,
    };

    /// <summary>The reason the status reports: the policy's when a policy pause began before any API pause, else the API pause's.</summary>
    public string? StatusReason => PolicyPausedAt is { } policy && (ApiPausedAt is not { } api || policy < api) ? PolicyReason : Reason;

    /// <summary>
    /// How the recording shows the pause that holds: each pause's own behavior while it holds alone; where pauses
    /// overlap, the file is cut if any of them skips, so a stretch one of them asked to leave out never shows up as silence.
    /// </summary>
    public PausedAudioBehavior RecordingBehavior
    {
        get
        {
            if (!ApiRecordingPaused && !PolicyRecordingPaused)
                return SourceBehavior;
            bool skip = (ApiRecordingPaused && Behavior == PausedAudioBehavior.Skip)
                || (PolicyRecordingPaused && PolicyBehavior == PausedAudioBehavior.Skip)
                || (SourcePaused && SourceBehavior == PausedAudioBehavior.Skip);
            return skip ? PausedAudioBehavior.Skip : PausedAudioBehavior.Silence;
        }
    }

    /// <summary>
    /// The gate decision this snapshot implies for every stream of the session, without the instant it took effect
    /// (<see cref="PauseState.Current"/> carries that).
    /// </summary>
    public MediaGateDecision Gate => new(!RecordingPaused, !TranscriptionPaused, RecordingBehavior);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => (a, b) switch
    {
        ({ } x, { } y) => x <= y ? x : y,
        _ => a ?? b,
    };
}
