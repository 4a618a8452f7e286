namespace Siprec.Recording.Storage;

/// <summary>
/// Told about each session once its final sidecar is on disk. Called on the session's completion path, so an
/// implementation must only queue its work and return at once; an exception it throws is logged and ignored.
/// </summary>
public interface IRecordingFinalizedSink
{
    /// <summary>Takes note of a finalized recording; must not block nor do I/O inline.</summary>
    void OnRecordingFinalized(FinalizedRecording recording);
}
