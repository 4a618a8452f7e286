namespace Siprec.Transcription.Feed;

/// <summary>A snapshot of a feed for the session status.</summary>
/// <param name="Provider">The provider's name.</param>
/// <param name="State">Current state.</param>
/// <param name="Errors">Provider errors seen by this feed.</param>
/// <param name="Reconnects">Reconnect attempts by this feed.</param>
/// <param name="DroppedChunks">Audio chunks this feed dropped because the provider was slow or unreachable.</param>
/// <param name="LastError">The most recent error message, if any.</param>
public sealed record TranscriptionFeedStatus(
    string Provider,
    TranscriptionFeedState State,
    long Errors,
    long Reconnects,
    long DroppedChunks,
    string? LastError);
