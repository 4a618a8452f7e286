using Microsoft.Extensions.Logging;
using Siprec.Recording.Index;

namespace Siprec.Recording.Retention;

/// <summary>
/// Deletes recordings older than the retention period: their audio, per-stream audio, transcript and sidecar, then
/// their index row; each decision is audited. A recording under legal hold is never deleted, and one whose files
/// cannot all be removed keeps its sidecar, so an index rebuild lists it again. Thread-safe for one sweep at a time.
/// </summary>
public sealed partial class RecordingRetentionSweeper
{
    private const int BatchSize = 200;

    private readonly IRecordingRetentionStore _store;
    private readonly RetentionAuditTrail _audit;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<RecordingRetentionSweeper> _logger;

    /// <summary>Creates a sweeper keeping recordings for <paramref name="retention"/>.</summary>
    public RecordingRetentionSweeper(IRecordingRetentionStore store, RetentionAuditTrail audit, TimeSpan retention, TimeProvider time, ILogger<RecordingRetentionSweeper> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        _store = store;
        _audit = audit;
        _retention = retention;
        _time = time;
        _logger = logger;
    }

    /// <summary>One sweep over every recording that ended more than the retention period ago.</summary>
    public async Task<RetentionSweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var cutoff = now - _retention;
        int deleted = 0, held = 0, failed = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var batch = await _store.ExpiredAsync(cutoff, BatchSize, cancellationToken).ConfigureAwait(false);
            var progressed = false;
            foreach (var recording in batch)
            {
                if (!seen.Add(recording.Id))
                    continue;
                progressed = true;
                var files = FilesOf(recording);
                if (recording.Held)
                {
                    held++;
                    _audit.Append(now, "recording.retention_held", recording, files);
                    continue;
                }

                if (await TryDeleteAsync(recording, files, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                    _audit.Append(now, "recording.retention_deleted", recording, files);
                }
                else
                {
                    failed++;
                }
            }

            if (!progressed || batch.Count < BatchSize)
                return new RetentionSweepResult(deleted, held, failed);
        }
    }

    // The row goes first, in one statement that skips held rows, so a hold placed after the listing still wins. The
    // sidecar goes last: if a file resists, the sidecar remains and the next index rebuild lists the recording again.
    private async Task<bool> TryDeleteAsync(IndexedRecording recording, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        if (!await _store.DeleteAsync(recording.Id, cancellationToken).ConfigureAwait(false))
        {
            Log.HeldDuringSweep(_logger, recording.Id, recording.CallId);
            return false;
        }

        foreach (var file in files)
        {
            var path = _store.Resolve(file);
            if (path is null)
            {
                Log.OutsideRoot(_logger, recording.Id, recording.CallId, file);
                continue;
            }

            try
            {
                if (File.Exists(path))
                    File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.DeleteFailed(_logger, recording.Id, recording.CallId, path, ex);
                _audit.Append(_time.GetUtcNow(), "recording.retention_failed", recording, files, ex.Message);
                return false;
            }
        }

        Log.Deleted(_logger, recording.Id, recording.CallId);
        return true;
    }

    private static List<string> FilesOf(IndexedRecording recording)
    {
        var files = new List<string> { recording.RecordingFile };
        files.AddRange(recording.StreamFiles);
        if (recording.TranscriptFile is { } transcript)
            files.Add(transcript);
        files.Add(recording.SidecarFile);
        return files;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Retention deleted recording {RecordingId} (call {CallId})")]
        public static partial void Deleted(ILogger logger, string recordingId, string callId);

        [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "Retention could not delete {Path} of recording {RecordingId} (call {CallId}); its sidecar remains for the next index rebuild")]
        public static partial void DeleteFailed(ILogger logger, string recordingId, string callId, string path, Exception exception);

        [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Recording {RecordingId} (call {CallId}) names a file outside the recording root, not deleted: {File}")]
        public static partial void OutsideRoot(ILogger logger, string recordingId, string callId, string file);

        [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Recording {RecordingId} (call {CallId}) was put on hold (or removed) during the retention sweep; kept")]
        public static partial void HeldDuringSweep(ILogger logger, string recordingId, string callId);
    }
}
