using Siprec.Media.Pipeline;
using Siprec.Recording.Sessions;

namespace Siprec.Recording.Control;

/// <summary>The pause status of one session at one instant, as the API reports it.</summary>
/// <param name="SessionId">The session's Call-ID.</param>
/// <param name="PauseDuration">How long the current pause has held; zero when running.</param>
/// <param name="Source">Source of the pause that began first; null when running.</param>
/// <param name="SourcePaused">The SRC has paused media.</param>
public sealed record PauseStatus(
    string SessionId,
    string? RecordingSessionId,
    bool IsPaused,
    bool RecordingPaused,
    bool TranscriptionPaused,
    DateTimeOffset? PausedAt,
    TimeSpan PauseDuration,
    PauseSource? Source,
    bool SourcePaused,
    PausedAudioBehavior Behavior,
    string? Reason,
    DateTimeOffset? AutoResumeAt)
{
    /// <summary>Reads a session's status at <paramref name="now"/>.</summary>
    public static PauseStatus Of(RecordingSession session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        var s = session.Pause.Snapshot;
        var pausedAt = s.PausedAt;
        var duration = pausedAt is { } at && now > at ? now - at : TimeSpan.Zero;
        return new PauseStatus(
            session.Id, session.RecordingSessionId, s.IsPaused, s.RecordingPaused, s.TranscriptionPaused, pausedAt, duration,
            s.PausedBy, s.SourcePaused, s.Behavior, s.StatusReason, s.AutoResumeAt);
    }
}
