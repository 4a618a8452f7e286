using Siprec.Media.Pipeline;

namespace Siprec.Recording.Sessions;

/// <summary>One interval during which a pause held with the same flags; <see cref="End"/> is null while it still holds.</summary>
public sealed record PauseInterval(
    DateTimeOffset Start,
    DateTimeOffset? End,
    PauseSource Source,
    bool RecordingPaused,
    bool TranscriptionPaused,
    PausedAudioBehavior Behavior,
    string? Reason,
    string? KeyId);
