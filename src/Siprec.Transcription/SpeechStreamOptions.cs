namespace Siprec.Transcription;

/// <summary>What a recognition stream is for and what audio it gets.</summary>
/// <param name="SessionId">The recording session's id.</param>
/// <param name="StreamIndex">The participant stream's index (the WAV channel).</param>
/// <param name="SpeakerAor">The participant's address of record, if known.</param>
/// <param name="SpeakerName">The participant's display name, if known.</param>
/// <param name="Language">BCP-47 language tag, or null for the provider's default.</param>
/// <param name="SampleRate">Sample rate of the PCM16 written to the stream.</param>
/// <param name="SessionOffset">Session-clock position of the first sample the stream will get.</param>
public sealed record SpeechStreamOptions(
    string SessionId,
    int StreamIndex,
    string? SpeakerAor,
    string? SpeakerName,
    string? Language,
    int SampleRate,
    TimeSpan SessionOffset);
