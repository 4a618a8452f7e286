using Microsoft.Extensions.Logging;
using Siprec.Media.AtRest;
using Siprec.Media.Pipeline;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Srs;

/// <summary>
/// Writes a call's sidecar: at the start, after each re-INVITE/UPDATE, and once at the end. Writes of one call are
/// serialized and none follows the final one, so a slow start-of-call write can never overwrite the end-of-call document.
/// </summary>
internal sealed partial class SrsSidecarWriter(PausedAudioBehavior pauseBehavior, bool storeDtmfDigits, IRecordingKeyProvider? keys, ILogger logger)
{
    /// <summary>The step name a failed final sidecar write is recorded under.</summary>
    public const string FinalSidecarStep = "sidecar";

    /// <summary>
    /// Writes the sidecar as the call stands; with <paramref name="endedAt"/> it is the final one. Returns what was
    /// written, or null when nothing was (logged), or when the final one is already on disk.
    /// </summary>
    public async Task<SessionSidecar?> WriteAsync(SrsCall call, DateTimeOffset? endedAt = null, SrsCallEndReason? reason = null)
    {
        var (sidecar, written) = await TryWriteAsync(call, endedAt, reason).ConfigureAwait(false);
        return written ? sidecar : null;
    }

    /// <summary>
    /// Writes the final sidecar and returns the finalized recording it describes. When the write fails (logged once)
    /// the failure is recorded in the call's errors and the recording is still returned, with that sidecar held in
    /// memory only, so the steps after it still learn of the call. Null when the final sidecar was already written.
    /// </summary>
    public async Task<FinalizedRecording?> WriteFinalAsync(SrsCall call, DateTimeOffset endedAt, SrsCallEndReason reason)
    {
        var (sidecar, written) = await TryWriteAsync(call, endedAt, reason).ConfigureAwait(false);
        return sidecar is null ? null : new FinalizedRecording(call.Location, sidecar, SidecarWritten: written);
    }

    private async Task<(SessionSidecar? Sidecar, bool Written)> TryWriteAsync(SrsCall call, DateTimeOffset? endedAt, SrsCallEndReason? reason)
    {
        await call.SidecarWrites.WaitAsync().ConfigureAwait(false);
        SessionSidecar? sidecar = null;
        try
        {
            if (call.FinalSidecarWritten)
                return (null, false);
            sidecar = SrsSidecarBuilder.Build(call, endedAt, reason, call.Session.Transcription?.TranscriptFile, pauseBehavior, storeDtmfDigits);
            await SidecarFileWriter.WriteAsync(call.Location.SidecarPath, sidecar, durable: endedAt is not null, keys).ConfigureAwait(false);
            call.FinalSidecarWritten = endedAt is not null;
            return (sidecar, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.SidecarFailed(logger, call.Session.Id, ex);
            if (endedAt is null || sidecar is null)
                return (null, false);
            call.RecordError(new SidecarError(FinalSidecarStep, ex.Message));
            return (sidecar with { Errors = [.. call.Errors] }, false);
        }
        finally
        {
            call.SidecarWrites.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Sidecar of {SessionId} not written")]
        public static partial void SidecarFailed(ILogger logger, string sessionId, Exception exception);
    }
}
