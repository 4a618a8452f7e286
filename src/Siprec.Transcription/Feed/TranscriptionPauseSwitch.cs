namespace Siprec.Transcription.Feed;

/// <summary>A transcription pause switched by hand, for a feed that has no session pause state to follow. Thread-safe.</summary>
public sealed class TranscriptionPauseSwitch : ITranscriptionGate
{
    private volatile bool _paused;

    /// <inheritdoc />
    public event Action? Changed;

    /// <inheritdoc />
    public bool TranscriptionPaused => _paused;

    /// <summary>Pauses transcription: audio written from now on is refused and the provider gets keep-alives only.</summary>
    public void Pause() => Set(true);

    /// <summary>Resumes transcription at once; nothing from the paused window is replayed.</summary>
    public void Resume() => Set(false);

    private void Set(bool paused)
    {
        _paused = paused;
        Changed?.Invoke();
    }
}
