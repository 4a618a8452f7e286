namespace Siprec.Transcription;

/// <summary>One recognition result for one participant stream, timed on the session clock.</summary>
/// <param name="SessionId">The recording session's id.</param>
/// <param name="StreamIndex">The participant stream's index (the WAV channel).</param>
/// <param name="SpeakerAor">The participant's address of record from the recording metadata, if known.</param>
/// <param name="SpeakerName">The participant's display name from the recording metadata, if known.</param>
/// <param name="IsFinal">True when the provider will not revise this text any more.</param>
/// <param name="Text">The recognised text.</param>
/// <param name="Confidence">The provider's confidence in [0, 1], when it reports one.</param>
/// <param name="Start">Start of the speech on the session clock.</param>
/// <param name="End">End of the speech on the session clock.</param>
/// <param name="Provider">The provider's name.</param>
/// <param name="ReceivedAt">When the result arrived.</param>
public sealed record TranscriptResult(
    string SessionId,
    int StreamIndex,
    string? SpeakerAor,
    string? SpeakerName,
    bool IsFinal,
    string Text,
    double? Confidence,
    TimeSpan Start,
    TimeSpan End,
    string Provider,
    DateTimeOffset ReceivedAt);
