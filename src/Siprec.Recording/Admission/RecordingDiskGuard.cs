using Microsoft.Extensions.Logging;

namespace Siprec.Recording.Admission;

/// <summary>
/// Refuses new calls while the recording volume is short of space or a recording write failed, and accepts them again
/// by itself once space is back and a probe write succeeds. Free space is read at most once per
/// <see cref="RecheckInterval"/>, so consulting it on every INVITE costs nothing. Thread-safe.
/// </summary>
public sealed partial class RecordingDiskGuard : IAdmissionCheck
{
    /// <summary>The reason phrase while free space is below the minimum.</summary>
    public const string DiskFullReason = "Recording Disk Full";

    /// <summary>The reason phrase after a recording write failed, until the disk takes writes again.</summary>
    public const string WriteFailedReason = "Recording Disk Write Failed";

    /// <summary>How long a reading of the disk is trusted.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _directory;
    private readonly Func<bool?> _hasRoom;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private long _writeFailures;
    private bool _writeFailed;
    private string? _reason;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    /// <summary>
    /// Guards <paramref name="directory"/>; <paramref name="hasRoom"/> says whether its volume has the configured
    /// minimum free (null when it cannot be read, taken as no room).
    /// </summary>
    public RecordingDiskGuard(string directory, Func<bool?> hasRoom, TimeProvider time, ILogger<RecordingDiskGuard> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(hasRoom);
        _directory = directory;
        _hasRoom = hasRoom;
        _time = time;
        _logger = logger;
    }

    /// <summary>Recording writes that failed since start.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <inheritdoc />
    public string? RefusalReason()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (now - _checkedAt >= RecheckInterval)
            {
                _checkedAt = now;
                Update(Assess());
            }

            return _reason;
        }
    }

    /// <summary>A write of call <paramref name="callId"/>'s recording failed: new calls are refused at once.</summary>
    public void ReportWriteFailure(string callId, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        Interlocked.Increment(ref _writeFailures);
        Log.WriteFailed(_logger, callId, cause.Message);
        lock (_gate)
        {
            _writeFailed = true;
            _checkedAt = _time.GetUtcNow();
            Update(WriteFailedReason);
        }
    }

    private string? Assess()
    {
        if (_hasRoom() != true)
        {
            return DiskFullReason;
        }

        if (_writeFailed && !ProbeWrite())
        {
            return WriteFailedReason;
        }

        _writeFailed = false;
        return null;
    }

    private bool ProbeWrite()
    {
        var probe = Path.Combine(_directory, ".write-probe");
        try
        {
            // A block's worth, so a volume with a few bytes left but no room for audio still counts as failing.
            File.WriteAllBytes(probe, new byte[4096]);
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(probe);
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to free; the next probe tries again.
        }
    }

    private void Update(string? reason)
    {
        if (reason == _reason)
        {
            return;
        }

        if (reason is null)
        {
            Log.Recovered(_logger, _directory);
        }
        else
        {
            Log.Refusing(_logger, reason, _directory);
        }

        _reason = reason;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Recording write failed for call {CallId}: {Cause}; new calls are refused until the disk takes writes again")]
        public static partial void WriteFailed(ILogger logger, string callId, string cause);

        [LoggerMessage(Level = LogLevel.Warning, Message = "New calls refused with 503 ({Reason}) for {Directory}")]
        public static partial void Refusing(ILogger logger, string reason, string directory);

        [LoggerMessage(Level = LogLevel.Information, Message = "Recording disk {Directory} takes writes again; new calls are accepted")]
        public static partial void Recovered(ILogger logger, string directory);
    }
}
