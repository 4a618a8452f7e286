using System.Text.Json;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Vcon;

/// <summary>
/// Writes <c>&lt;recording&gt;.vcon.json</c> beside each finished recording, off the recording path: finalized sessions are
/// queued and written by <see cref="RunAsync"/>. A failure is logged with the Call-ID and counted in
/// <see cref="Failures"/>; it never reaches the recording.
/// </summary>
public sealed partial class VconFileWriter : IRecordingFinalizedSink
{
    private readonly VconBuilder _builder;
    private readonly ILogger _logger;
    private readonly FinalizedRecordingQueue _queue = new();
    private long _failures;

    /// <summary>Creates the writer over <paramref name="builder"/>.</summary>
    public VconFileWriter(VconBuilder builder, ILogger<VconFileWriter> logger)
    {
        _builder = builder;
        _logger = logger;
    }

    /// <summary>vCon files that could not be written since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <inheritdoc />
    public void OnRecordingFinalized(FinalizedRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (_queue.TryEnqueue(recording))
            return;
        Interlocked.Increment(ref _failures);
        Log.QueueFull(_logger, recording.Sidecar.CallId);
    }

    /// <summary>Writes queued vCons until cancelled; what is queued at cancellation is still written.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        _queue.RunAsync(async (recording, token) => await WriteAsync(recording, token).ConfigureAwait(false), cancellationToken);

    /// <summary>Writes the vCon of one finished recording atomically; false (logged and counted) when it cannot.</summary>
    public async Task<bool> WriteAsync(FinalizedRecording recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var location = recording.Location;
        try
        {
            // The vCon lies beside the WAV, so the WAV's file name is its URL relative to the vCon.
            var vcon = await _builder.BuildAsync(recording.Sidecar, location.Directory, Path.GetFileName(location.AudioPath), cancellationToken).ConfigureAwait(false);
            var temporary = location.VconPath + ".tmp";
            await File.WriteAllBytesAsync(temporary, vcon, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, location.VconPath, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            Interlocked.Increment(ref _failures);
            Log.WriteFailed(_logger, recording.Sidecar.CallId, location.VconPath, ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 420, Level = LogLevel.Error, Message = "vCon of call {CallId} not written to {Path}")]
        public static partial void WriteFailed(ILogger logger, string callId, string path, Exception exception);

        [LoggerMessage(EventId = 421, Level = LogLevel.Error, Message = "vCon queue full; vCon of call {CallId} not written")]
        public static partial void QueueFull(ILogger logger, string callId);
    }
}
