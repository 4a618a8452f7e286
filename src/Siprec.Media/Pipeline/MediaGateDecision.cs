namespace Siprec.Media.Pipeline;

/// <summary>One reading of the pause gate.</summary>
/// <param name="RecordingOpen">Audio may be written to the recording.</param>
/// <param name="TranscriptionOpen">Audio may be sent to the speech provider.</param>
/// <param name="PausedRecording">What a closed recording gate does to the file.</param>
/// <param name="RecordingChangedAt">
/// When the recording gate took its present state (the pause, the resume, or the change of paused behavior), on the
/// clock the media session reads; the default value means it has been so since before the session started.
/// </param>
public readonly record struct MediaGateDecision(
    bool RecordingOpen,
    bool TranscriptionOpen,
    PausedAudioBehavior PausedRecording,
    DateTimeOffset RecordingChangedAt = default)
{
    /// <summary>
    /// <see cref="RecordingChangedAt"/> lies before the change was made: a pause placed on audio already received (a
    /// DTMF digit found after its start), so the recording stops exactly there rather than at the nearest withheld packet.
    /// </summary>
    public bool Backdated { get; init; }

    /// <summary>Everything passes.</summary>
    public static MediaGateDecision Open { get; } = new(true, true, PausedAudioBehavior.Skip);
}
