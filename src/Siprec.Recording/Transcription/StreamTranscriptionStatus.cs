using Siprec.Transcription.Feed;

namespace Siprec.Recording.Transcription;

/// <summary>The transcription of one recorded stream, for the session status.</summary>
/// <param name="Channel">The stream's channel in the recording (0-based).</param>
/// <param name="Label">The stream's SDP label, if any.</param>
/// <param name="SpeakerAor">The participant sending the stream, if known.</param>
/// <param name="SpeakerName">That participant's display name, if known.</param>
/// <param name="Feed">The feed's state, counters and last error.</param>
public sealed record StreamTranscriptionStatus(int Channel, string? Label, string? SpeakerAor, string? SpeakerName, TranscriptionFeedStatus Feed);
