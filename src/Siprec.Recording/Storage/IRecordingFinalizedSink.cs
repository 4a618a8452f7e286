namespace Siprec.Recording.Storage;

/// <summary>
/// Takes over a recording as a set of files (the recordings index, the S3 upload) once they are complete. It hears of
/// every ended call, also one whose final sidecar could not be written: the recording then carries that sidecar in
/// memory only (<see cref="FinalizedRecording.SidecarWritten"/> false, its errors saying why), so a sink works from
/// <see cref="FinalizedRecording.Sidecar"/> and <see cref="FinalizedRecording.ExistingFiles"/>, never from the sidecar
/// file. Unlike <see cref="Srs.ISrsCallObserver"/>, which counts SIP calls, it never hears of refused INVITEs, and a
/// sink may be fed from elsewhere than the user agent (the uploader re-feeds itself the recordings the index lists as
/// not yet uploaded).
/// Called on the session's completion path, so an implementation must only queue its work and return at once; an
/// exception it throws is logged and ignored.
/// </summary>
public interface IRecordingFinalizedSink
{
    /// <summary>Takes note of a finalized recording; must not block nor do I/O inline.</summary>
    void OnRecordingFinalized(FinalizedRecording recording);
}
