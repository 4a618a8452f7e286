using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Upload;

/// <summary>
/// Copies each finalized recording (WAV, sidecar, transcript, per-stream WAVs) to S3-compatible storage from a
/// bounded background queue, retrying with exponential backoff up to a bounded number of attempts. A recording given up,
/// or not queued because the queue was full, stays on disk and pending in the index, which is read again every
/// <see cref="S3UploadOptions.RequeueInterval"/>. Local files are deleted only after every object of the recording is
/// confirmed, and only when asked to; the confirmed upload is recorded in the index.
/// </summary>
public sealed partial class S3RecordingUploader : IRecordingFinalizedSink, IDisposable
{
    private const int Capacity = 10_000;
    private const int PendingBatch = 1000;
    private readonly S3UploadOptions _options;
    private readonly IAmazonS3 _client;
    private readonly IRecordingIndex? _index;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<FinalizedRecording> _queue = Channel.CreateBounded<FinalizedRecording>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    // Sidecar paths queued or being uploaded, so the periodic requeue never queues a recording twice.
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private long _uploaded;
    private long _gaveUp;
    private long _notQueued;
    private long _failedAttempts;

    /// <summary>Creates the uploader; <paramref name="index"/> (optional) records confirmed uploads and remembers pending ones.</summary>
    public S3RecordingUploader(S3UploadOptions options, IRecordingIndex? index, TimeProvider time, ILogger<S3RecordingUploader> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        _options = options;
        _index = index;
        _time = time;
        _logger = logger;
        _client = S3ClientFactory.Create(options);
    }

    /// <summary>Recordings queued for upload or being uploaded now; at most the queue's capacity and the one in hand.</summary>
    public int Backlog => _queued.Count;

    /// <summary>Recordings whose every file was confirmed uploaded.</summary>
    public long Uploaded => Interlocked.Read(ref _uploaded);

    /// <summary>Uploads given up after the last attempt; each stays on disk and pending in the index until a requeue.</summary>
    public long GaveUp => Interlocked.Read(ref _gaveUp);

    /// <summary>Recordings not queued because the queue was full; each stays on disk and pending in the index until a requeue.</summary>
    public long NotQueued => Interlocked.Read(ref _notQueued);

    /// <summary>Upload attempts that failed (a file not confirmed).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <inheritdoc />
    public void OnRecordingFinalized(FinalizedRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var key = recording.Location.SidecarPath;
        if (!_queued.TryAdd(key, 0))
            return;
        if (_queue.Writer.TryWrite(recording))
            return;
        _queued.TryRemove(key, out _);
        Interlocked.Increment(ref _notQueued);
        Log.QueueFull(_logger, recording.Sidecar.CallId, _options.RequeueInterval);
    }

    /// <summary>
    /// Queues the recordings the index lists as not yet uploaded, then uploads queued recordings until cancelled,
    /// queueing the pending ones again every <see cref="S3UploadOptions.RequeueInterval"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RequeueInterval, _time);
        try
        {
            // The requeue runs on this loop, between two uploads: a recording it reads as pending is never one being
            // uploaded at that moment, so it cannot be queued again just as its upload is confirmed.
            await RequeuePendingAsync(cancellationToken).ConfigureAwait(false);
            var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
            var readable = _queue.Reader.WaitToReadAsync(cancellationToken).AsTask();
            while (true)
            {
                await Task.WhenAny(tick, readable).ConfigureAwait(false);
                if (tick.IsCompleted)
                {
                    await tick.ConfigureAwait(false);
                    await RequeuePendingAsync(cancellationToken).ConfigureAwait(false);
                    tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
                }

                if (!readable.IsCompleted)
                    continue;
                if (!await readable.ConfigureAwait(false))
                    return;
                while (!tick.IsCompleted && _queue.Reader.TryRead(out var recording))
                    await UploadQueuedAsync(recording, cancellationToken).ConfigureAwait(false);
                readable = _queue.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Left for the next start: the index still lists them as pending.
        }
    }

    /// <summary>
    /// Uploads every existing file of <paramref name="recording"/>, retrying failed ones with backoff; true once all
    /// are confirmed (then recorded in the index, and local audio deleted when configured).
    /// </summary>
    public async Task<bool> UploadAsync(FinalizedRecording recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var remaining = new Queue<string>(recording.ExistingFiles());
        if (!File.Exists(recording.Location.AudioPath))
        {
            Log.AudioMissing(_logger, recording.Sidecar.CallId, recording.Location.AudioPath);
            return false;
        }

        var backoff = _options.InitialBackoff;
        var lastError = string.Empty;
        for (var attempt = 1; ; attempt++)
        {
            while (remaining.TryPeek(out var file))
            {
                try
                {
                    await PutAsync(file, KeyFor(recording, file), cancellationToken).ConfigureAwait(false);
                    remaining.Dequeue();
                }
                catch (Exception ex) when (IsTransferFailure(ex))
                {
                    Interlocked.Increment(ref _failedAttempts);
                    lastError = ex.Message;
                    Log.AttemptFailed(_logger, recording.Sidecar.CallId, attempt, _options.MaxAttempts, Path.GetFileName(file), ex.Message);
                    break;
                }
            }

            if (remaining.Count == 0)
                break;
            if (attempt >= _options.MaxAttempts)
            {
                Interlocked.Increment(ref _gaveUp);
                Log.GaveUp(_logger, recording.Sidecar.CallId, attempt, lastError, _options.RequeueInterval);
                return false;
            }

            await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }

        var audioKey = KeyFor(recording, recording.Location.AudioPath);
        // Counted once the index knows, so a reader of the count also finds the recording no longer pending.
        await RecordAsync(recording, audioKey, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _uploaded);
        Log.Uploaded(_logger, recording.Sidecar.CallId, _options.Bucket, audioKey);
        if (_options.DeleteLocalAfterUpload)
            DeleteLocalAudio(recording);
        return true;
    }

    /// <summary>The object key of <paramref name="file"/>: the prefix, then its path relative to the recording root when known.</summary>
    public string KeyFor(FinalizedRecording recording, string file)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var prefix = string.IsNullOrEmpty(_options.Prefix) ? string.Empty : _options.Prefix.Trim('/') + "/";
        var folder = _index is null ? null : Path.GetRelativePath(_index.Folder.FullPath, recording.Location.Directory);
        var relative = folder is null || folder.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(folder) || folder == "."
            ? Path.GetFileName(file)
            : folder.Replace(Path.DirectorySeparatorChar, '/') + "/" + Path.GetFileName(file);
        return prefix + relative;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task PutAsync(string file, string key, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            FilePath = file,
            ContentType = ContentTypeOf(file),
            UseChunkEncoding = false,
        };
        await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static string ContentTypeOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".wav" => "audio/wav",
        ".json" => "application/json",
        ".jsonl" => "application/x-ndjson",
        _ => "application/octet-stream",
    };

    private static bool IsTransferFailure(Exception ex) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException
            or TaskCanceledException { CancellationToken.IsCancellationRequested: false };

    private async Task RecordAsync(FinalizedRecording recording, string audioKey, CancellationToken cancellationToken)
    {
        if (_index is null)
            return;
        try
        {
            await _index.MarkUploadedAsync(_index.Folder.Describe(recording.Location.SidecarPath, recording.Sidecar), audioKey, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or IOException or ArgumentException or InvalidOperationException)
        {
            Log.IndexUpdateFailed(_logger, recording.Sidecar.CallId, ex);
        }
    }

    private void DeleteLocalAudio(FinalizedRecording recording)
    {
        foreach (var file in recording.ExistingFiles().Where(f => !string.Equals(f, recording.Location.SidecarPath, StringComparison.Ordinal)))
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.DeleteFailed(_logger, file, ex.Message);
            }
        }
    }

    private async Task UploadQueuedAsync(FinalizedRecording recording, CancellationToken cancellationToken)
    {
        try
        {
            await UploadAsync(recording, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _queued.TryRemove(recording.Location.SidecarPath, out _);
        }
    }

    private async Task RequeuePendingAsync(CancellationToken cancellationToken)
    {
        if (_index is null)
            return;
        try
        {
            foreach (var pending in await _index.PendingUploadsAsync(PendingBatch, cancellationToken).ConfigureAwait(false))
            {
                var sidecarPath = _index.Folder.Resolve(pending.SidecarFile);
                if (sidecarPath is null || !File.Exists(sidecarPath))
                    continue;
                var sidecar = await _index.Folder.ReadSidecarAsync(sidecarPath, cancellationToken).ConfigureAwait(false);
                if (sidecar is not null)
                    OnRecordingFinalized(new FinalizedRecording(new RecordingLocation(Path.GetDirectoryName(sidecarPath)!, Path.GetFileNameWithoutExtension(sidecarPath)), sidecar));
            }
        }
        catch (Exception ex) when (ex is DbException or IOException or JsonException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or KeyNotFoundException)
        {
            Log.PendingScanFailed(_logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Recording {SessionId} uploaded to bucket {Bucket} as {Key}")]
        public static partial void Uploaded(ILogger logger, string sessionId, string bucket, string key);

        [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "Upload of {SessionId} failed (attempt {Attempt} of {MaxAttempts}, file {File}): {Error}")]
        public static partial void AttemptFailed(ILogger logger, string sessionId, int attempt, int maxAttempts, string file, string error);

        [LoggerMessage(EventId = 412, Level = LogLevel.Error, Message = "Upload of {SessionId} given up after {Attempts} attempts ({Error}); local files kept, queued again within {RequeueInterval}")]
        public static partial void GaveUp(ILogger logger, string sessionId, int attempts, string error, TimeSpan requeueInterval);

        [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "Upload of {SessionId} skipped: audio file {Path} is missing")]
        public static partial void AudioMissing(ILogger logger, string sessionId, string path);

        [LoggerMessage(EventId = 414, Level = LogLevel.Error, Message = "Upload of {SessionId} confirmed but not recorded in the index")]
        public static partial void IndexUpdateFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 415, Level = LogLevel.Warning, Message = "Uploaded file {Path} not deleted: {Error}")]
        public static partial void DeleteFailed(ILogger logger, string path, string error);

        [LoggerMessage(EventId = 416, Level = LogLevel.Error, Message = "Recordings pending upload could not be listed from the index")]
        public static partial void PendingScanFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 417, Level = LogLevel.Warning, Message = "Upload queue full; {SessionId} stays on disk and is queued again within {RequeueInterval}")]
        public static partial void QueueFull(ILogger logger, string sessionId, TimeSpan requeueInterval);
    }
}
