namespace Siprec.Transcription;

/// <summary>A speech-to-text provider. Thread-safe: one instance opens many independent streams.</summary>
public interface ISpeechRecognizer
{
    /// <summary>The provider's configuration name, as used by <c>STT_PROVIDER</c>.</summary>
    string Name { get; }

    /// <summary>The PCM16 sample rate the provider wants; callers resample to it before writing.</summary>
    int PreferredSampleRate { get; }

    /// <summary>Opens one recognition stream for one participant stream; throws when the provider cannot be reached.</summary>
    Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken);
}
