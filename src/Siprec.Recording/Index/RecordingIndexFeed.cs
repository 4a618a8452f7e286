using System.Text.Json;
using System.Threading.Channels;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Index;

/// <summary>
/// Feeds the index off the recording path: finalized sessions are queued and written by <see cref="RunAsync"/>, which
/// first catches up with every sidecar on disk. A failed write is retried a bounded number of times on the injected
/// clock (a shared database may be restarting); an index failure is logged and counted and never reaches the recording.
/// </summary>
public sealed partial class RecordingIndexFeed : IRecordingFinalizedSink
{
    private const int Capacity = 10_000;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private readonly IRecordingIndex _index;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IRecordingIndexObserver? _observer;
    private readonly int _maxAttempts;
    private readonly Channel<FinalizedRecording> _queue = Channel.CreateBounded<FinalizedRecording>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// Creates the feed of <paramref name="index"/>; a write is tried up to <paramref name="maxAttempts"/> times, the
    /// delay doubling from one second between tries.
    /// </summary>
    public RecordingIndexFeed(IRecordingIndex index, ILogger<RecordingIndexFeed> logger, TimeProvider? time = null, IRecordingIndexObserver? observer = null, int maxAttempts = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _index = index;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _observer = observer;
        _maxAttempts = maxAttempts;
    }

    /// <inheritdoc />
    public void OnRecordingFinalized(FinalizedRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (!_queue.Writer.TryWrite(recording))
            Log.QueueFull(_logger, recording.Sidecar.CallId);
    }

    /// <summary>Rebuilds from disk, then indexes queued sessions until cancelled; what is queued at cancellation is still written.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _index.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var (indexed, skipped) = await RecordingIndexCatchUp.RebuildFromDiskAsync(_index, cancellationToken).ConfigureAwait(false);
            Log.Rebuilt(_logger, indexed, skipped, _index.Location);
        }
        catch (Exception ex) when (IsIndexFailure(ex))
        {
            Log.RebuildFailed(_logger, _index.Location, ex);
            _observer?.OnIndexFailure("catch_up");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        try
        {
            await foreach (var recording in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await IndexAsync(recording, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            while (_queue.Reader.TryRead(out var recording))
                await IndexAsync(recording, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes one finalized session to the index, retrying a failed write; false (logged and counted) when the index
    /// stayed unavailable. Cancellation ends the waits between tries, not a try under way.
    /// </summary>
    public async Task<bool> IndexAsync(FinalizedRecording recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _index.UpsertAsync(_index.Folder.Describe(recording.Location.SidecarPath, recording.Sidecar), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (Exception ex) when (IsIndexFailure(ex))
            {
                if (attempt >= _maxAttempts || cancellationToken.IsCancellationRequested)
                {
                    Log.IndexFailed(_logger, recording.Sidecar.CallId, attempt, _index.Location, ex);
                    _observer?.OnIndexFailure("write");
                    return false;
                }

                Log.IndexRetry(_logger, recording.Sidecar.CallId, attempt, _maxAttempts, ex.Message);
            }

            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: one last try follows at once rather than waiting out the delay.
            }

            delay *= 2;
        }
    }

    /// <summary>True for the failures of an unavailable or unusable index, which never reach the recording path.</summary>
    public static bool IsIndexFailure(Exception ex) =>
        ex is DbException or IOException or UnauthorizedAccessException or ArgumentException or JsonException or InvalidOperationException or TimeoutException;

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Recordings index caught up with disk: {Indexed} sidecars indexed, {Skipped} skipped ({Location})")]
        public static partial void Rebuilt(ILogger logger, int indexed, int skipped, string location);

        [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Recordings index could not be rebuilt from disk ({Location})")]
        public static partial void RebuildFailed(ILogger logger, string location, Exception exception);

        [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "Recording {SessionId} not indexed after {Attempts} attempts ({Location}); it will be picked up from its sidecar at the next start")]
        public static partial void IndexFailed(ILogger logger, string sessionId, int attempts, string location, Exception exception);

        [LoggerMessage(EventId = 404, Level = LogLevel.Warning, Message = "Recording {SessionId} not indexed at attempt {Attempt} of {MaxAttempts}, retrying: {Error}")]
        public static partial void IndexRetry(ILogger logger, string sessionId, int attempt, int maxAttempts, string error);

        [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Recordings index queue full; {SessionId} will be indexed from its sidecar at the next start")]
        public static partial void QueueFull(ILogger logger, string sessionId);
    }
}
