using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Index;

/// <summary>
/// Feeds the index off the recording path: finalized sessions are queued and written by <see cref="RunAsync"/>, which
/// first catches up with every sidecar on disk. An index failure is logged and never reaches the recording.
/// </summary>
public sealed partial class RecordingIndexFeed : IRecordingFinalizedSink
{
    private readonly RecordingIndex _index;
    private readonly ILogger _logger;
    private readonly FinalizedRecordingQueue _queue = new();

    /// <summary>Creates the feed of <paramref name="index"/>.</summary>
    public RecordingIndexFeed(RecordingIndex index, ILogger<RecordingIndexFeed> logger)
    {
        _index = index;
        _logger = logger;
    }

    /// <inheritdoc />
    public void OnRecordingFinalized(FinalizedRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (!_queue.TryEnqueue(recording))
            Log.QueueFull(_logger, recording.Sidecar.CallId);
    }

    /// <summary>Rebuilds from disk, then indexes queued sessions until cancelled; what is queued at cancellation is still written.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (indexed, skipped) = await _index.RebuildFromDiskAsync(cancellationToken).ConfigureAwait(false);
            Log.Rebuilt(_logger, indexed, skipped, _index.DatabasePath);
        }
        catch (Exception ex) when (IsIndexFailure(ex))
        {
            Log.RebuildFailed(_logger, _index.DatabasePath, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await _queue.RunAsync(async (recording, token) => await IndexAsync(recording, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one finalized session to the index; false (and logged) when the index is unavailable.</summary>
    public async Task<bool> IndexAsync(FinalizedRecording recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        try
        {
            await _index.UpsertAsync(_index.Describe(recording.Location.SidecarPath, recording.Sidecar), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsIndexFailure(ex))
        {
            Log.IndexFailed(_logger, recording.Sidecar.CallId, ex);
            return false;
        }
    }

    private static bool IsIndexFailure(Exception ex) =>
        ex is SqliteException or IOException or UnauthorizedAccessException or ArgumentException or JsonException or InvalidOperationException;

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Recordings index caught up with disk: {Indexed} sidecars indexed, {Skipped} skipped ({DatabasePath})")]
        public static partial void Rebuilt(ILogger logger, int indexed, int skipped, string databasePath);

        [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Recordings index could not be rebuilt from disk ({DatabasePath})")]
        public static partial void RebuildFailed(ILogger logger, string databasePath, Exception exception);

        [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "Recording {SessionId} not indexed; it will be picked up from its sidecar at the next start")]
        public static partial void IndexFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Recordings index queue full; {SessionId} will be indexed from its sidecar at the next start")]
        public static partial void QueueFull(ILogger logger, string sessionId);
    }
}
