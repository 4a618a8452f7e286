namespace Siprec.Recording.Transcription;

/// <summary>A session's transcription, for the session status.</summary>
/// <param name="Provider">The speech provider's name.</param>
/// <param name="Paused">True while the session's transcription is paused.</param>
/// <param name="TranscriptFile">The transcript's file name next to the recording.</param>
/// <param name="Streams">One entry per transcribed stream.</param>
public sealed record SessionTranscriptionStatus(string Provider, bool Paused, string TranscriptFile, IReadOnlyList<StreamTranscriptionStatus> Streams);
