using Microsoft.Extensions.Logging;
using Siprec.Media.Pipeline;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Srs;

/// <summary>
/// Writes a call's sidecar: at the start, after each re-INVITE/UPDATE, and once at the end. Writes of one call are
/// serialized and none follows the final one, so a slow start-of-call write can never overwrite the end-of-call document.
/// </summary>
internal sealed partial class SrsSidecarWriter(PausedAudioBehavior pauseBehavior, ILogger logger)
{
    /// <summary>
    /// Writes the sidecar as the call stands; with <paramref name="endedAt"/> it is the final one. Returns what was
    /// written, or null when nothing was (logged), or when the final one is already on disk.
    /// </summary>
    public async Task<SessionSidecar?> WriteAsync(SrsCall call, DateTimeOffset? endedAt = null, SrsCallEndReason? reason = null)
    {
        await call.SidecarWrites.WaitAsync().ConfigureAwait(false);
        try
        {
            if (call.FinalSidecarWritten)
                return null;
            var sidecar = SrsSidecarBuilder.Build(call, endedAt, reason, call.Session.Transcription?.TranscriptFile, pauseBehavior);
            await SidecarFileWriter.WriteAsync(call.Location.SidecarPath, sidecar, durable: endedAt is not null).ConfigureAwait(false);
            call.FinalSidecarWritten = endedAt is not null;
            return sidecar;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.SidecarFailed(logger, call.Session.Id, ex);
            return null;
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
