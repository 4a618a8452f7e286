namespace Siprec.Transcription.Output;

/// <summary>Receives the results of transcription feeds (file, live feed, webhook). Must be thread-safe.</summary>
public interface ITranscriptSink
{
    /// <summary>Handles one result; exceptions are counted by the feed and never reach the media path.</summary>
    ValueTask WriteAsync(TranscriptResult result, CancellationToken cancellationToken);
}
