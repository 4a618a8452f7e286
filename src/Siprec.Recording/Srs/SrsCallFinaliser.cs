using Microsoft.Extensions.Logging;
using Siprec.Recording.Control;
using Siprec.Recording.Policies;
using Siprec.Recording.Sessions;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Srs;

/// <summary>
/// Ends calls, once each. Every step of the end of a call (media, transcription, the SRC pause, the final sidecar,
/// the finalized-recording sinks, the call observer) runs even when an earlier one failed: a failure is logged once
/// with the Call-ID and written in the final sidecar's errors. When that sidecar itself cannot be written, the sinks
/// still get the recording, with the sidecar held in memory (its errors saying so) and marked as not on disk.
/// </summary>
internal sealed partial class SrsCallFinaliser(
    SrsCallTable calls,
    ISessionRegistry registry,
    PauseResumeService pauses,
    SrsSidecarWriter sidecars,
    IReadOnlyList<IRecordingFinalizedSink> finalizedSinks,
    ISrsCallObserver? observer,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>
    /// Ends the call's recording (at <paramref name="endedAt"/> when known, else now), writes its final sidecar and
    /// tells the sinks and the observer; a second caller waits for the first. Never throws for a failed step.
    /// </summary>
    public async Task CompleteAsync(SrsCall call, SrsCallEndReason reason, DateTimeOffset? endedAt = null)
    {
        if (!call.TryBeginCompletion())
        {
            await call.Completed.ConfigureAwait(false);
            return;
        }

        var session = call.Session;
        session.State = SessionState.Ending;
        DateTimeOffset? endedNormally = null;
        try
        {
            await RunStepAsync(call, "media", () => call.Media.CompleteAsync(endedAt)).ConfigureAwait(false);
            if (call.DtmfPolicy is { } policy)
                await RunStepAsync(call, "dtmf_policy", () => EndPolicy(policy)).ConfigureAwait(false);
            if (session.Transcription is { } transcription)
                await RunStepAsync(call, "transcription", transcription.CompleteAsync).ConfigureAwait(false);
            var ended = endedAt ?? time.GetUtcNow();
            if (session.Pause.Snapshot.SourcePaused)
                await RunStepAsync(call, "source_pause", () => EndSourcePause(session)).ConfigureAwait(false);
            if (await sidecars.WriteFinalAsync(call, ended, reason).ConfigureAwait(false) is { } recording)
                NotifyFinalized(recording);
            Log.SessionEnded(logger, session.Id, reason.ToString(), (ended - session.StartedAt).TotalSeconds, call.Location.AudioPath);
            endedNormally = ended;
        }
        finally
        {
            session.State = SessionState.Ended;
            registry.TryRemove(session.Id, out _);
            calls.Remove(call);
            // Counted as ended only once no longer listed: a scrape that starts after the count never sees the call active.
            if (observer is not null && endedNormally is { } ended)
                await RunStepAsync(call, "metrics", () => TellObserver(observer, call, reason, ended)).ConfigureAwait(false);
            call.MarkCompleted();
        }
    }

    /// <summary>Forgets a call whose 200 OK was never sent (CANCEL won) and removes its files.</summary>
    public async Task AbandonAsync(SrsCall call)
    {
        calls.Remove(call);
        registry.TryRemove(call.Session.Id, out _);
        await DiscardAsync(call).ConfigureAwait(false);
    }

    /// <summary>Stops a call that was never answered and removes its files; it was never listed nor registered.</summary>
    public async Task DiscardAsync(SrsCall call)
    {
        call.TryBeginCompletion();
        try
        {
            await RunStepAsync(call, "media", () => call.Media.CompleteAsync()).ConfigureAwait(false);
            call.DtmfPolicy?.Dispose();
            if (call.Session.Transcription is { } transcription)
            {
                await RunStepAsync(call, "transcription", transcription.CompleteAsync).ConfigureAwait(false);
                await RunStepAsync(call, "discard", () => Delete(call.Location.TranscriptPath)).ConfigureAwait(false);
            }

            await RunStepAsync(call, "discard", () => Delete(call.Location.AudioPath, call.Location.SidecarPath)).ConfigureAwait(false);
        }
        finally
        {
            call.MarkCompleted();
        }
    }

    private async Task RunStepAsync(SrsCall call, string step, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.StepFailed(logger, step, call.Session.Id, ex);
            call.RecordError(new SidecarError(step, ex.InnerException is { } cause ? $"{ex.Message} {cause.Message}" : ex.Message));
        }
    }

    private static Task EndPolicy(DtmfPausePolicy policy)
    {
        policy.Dispose();
        return Task.CompletedTask;
    }

    private Task EndSourcePause(RecordingSession session)
    {
        pauses.SetSourcePaused(session.Id, false);
        return Task.CompletedTask;
    }

    private static Task TellObserver(ISrsCallObserver observer, SrsCall call, SrsCallEndReason reason, DateTimeOffset endedAt)
    {
        var audio = new FileInfo(call.Location.AudioPath);
        var bytes = audio.Exists ? audio.Length : 0;
        observer.CallEnded(new SrsCallSummary(call.Session.Id, reason, endedAt - call.Session.StartedAt, call.Media.GetStreamStats(), call.Location.AudioPath, bytes));
        return Task.CompletedTask;
    }

    private static Task Delete(params string[] paths)
    {
        foreach (var path in paths)
            File.Delete(path);
        return Task.CompletedTask;
    }

    private void NotifyFinalized(FinalizedRecording recording)
    {
        foreach (var sink in finalizedSinks)
        {
            try
            {
                sink.OnRecordingFinalized(recording);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.FinalizedSinkFailed(logger, recording.Sidecar.CallId, sink.GetType().Name, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Recording session ended {SessionId}: {Reason} after {Seconds:F1}s, file {Path}")]
        public static partial void SessionEnded(ILogger logger, string sessionId, string reason, double seconds, string path);

        [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "End-of-call step {Step} of {SessionId} failed; the remaining steps still run")]
        public static partial void StepFailed(ILogger logger, string step, string sessionId, Exception exception);

        [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "Finalized-recording sink {Sink} failed for {SessionId}; the recording is unaffected")]
        public static partial void FinalizedSinkFailed(ILogger logger, string sessionId, string sink, Exception exception);
    }
}
