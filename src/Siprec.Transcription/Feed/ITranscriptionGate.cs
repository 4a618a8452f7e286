namespace Siprec.Transcription.Feed;

/// <summary>
/// The pause a <see cref="TranscriptionFeed"/> obeys. The feed reads it on every write and is told of every change, so a
/// pause or resume reaches the provider when it happens rather than when someone next looks.
/// </summary>
public interface ITranscriptionGate
{
    /// <summary>True while audio must not reach the provider. Cheap and lock-free: it is read on the media hot path.</summary>
    bool TranscriptionPaused { get; }

    /// <summary>Raised after each change of the pause (it may leave <see cref="TranscriptionPaused"/> as it was); handlers return at once and never throw.</summary>
    event Action? Changed;
}
