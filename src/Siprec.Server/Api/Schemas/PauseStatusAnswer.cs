using System.ComponentModel;
using Siprec.Media.Pipeline;
using Siprec.Recording.Sessions;

namespace Siprec.Server.Api.Schemas;

/// <summary>The pause status object, as the OpenAPI document describes what <see cref="PauseStatusJson"/> writes.</summary>
public sealed record PauseStatusAnswer(
    [property: Description("The session's id: its SIP Call-ID.")] string SessionId,
    bool IsPaused,
    bool RecordingPaused,
    bool TranscriptionPaused,
    DateTimeOffset? PausedAt,
    [property: Description("Go duration, such as 1m5s.")] string PauseDuration,
    [property: Description("The RFC 7865 recording session id, also accepted as the session's id.")] string? RecordingSessionId,
    PauseSource? PauseSource,
    [property: Description("Whether the SRC paused the media (a=inactive).")] bool SrcPaused,
    PausedAudioBehavior PauseBehavior,
    string? Reason,
    DateTimeOffset? AutoResumeAt);
