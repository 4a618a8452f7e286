using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Siprec.Media.AtRest;
using Siprec.Recording.Control;
using Siprec.Server.Api;

namespace Siprec.Server.Observability;

/// <summary>
/// Appends every pause/resume operation to <c>audit/pause-audit.jsonl</c> under the recording directory: one JSON
/// line with who (key id), source, reason and the resulting state; and every API request refused for its caller, as an
/// <c>api.denied</c> line. Written from a background queue.
/// </summary>
public sealed partial class PauseAuditTrail : BackgroundService, IPauseEventSink
{
    private readonly Channel<byte[]> _queue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger<PauseAuditTrail> _logger;

    /// <summary>Creates the trail writing under <paramref name="recordingDirectory"/>.</summary>
    public PauseAuditTrail(string recordingDirectory, ILogger<PauseAuditTrail> logger)
    {
        FilePath = Path.Combine(recordingDirectory, "audit", "pause-audit.jsonl");
        _logger = logger;
    }

    /// <summary>The audit file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public void Publish(PauseEvent pauseEvent) => _queue.Writer.TryWrite(FormatLine(pauseEvent));

    /// <summary>Records an API request refused for its caller.</summary>
    public void Record(ApiDenial denial) => _queue.Writer.TryWrite(FormatLine(denial));

    /// <summary>Formats one <c>api.denied</c> audit line (without the newline).</summary>
    public static byte[] FormatLine(ApiDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", Rfc3339.Format(denial.Timestamp));
            writer.WriteString("event", "api.denied");
            writer.WriteNumber("status", denial.Status);
            writer.WriteString("reason", denial.Reason);
            writer.WriteString("source_address", denial.Source);
            if (denial.KeyId is not null)
            {
                writer.WriteString("who", denial.KeyId);
            }

            writer.WriteString("method", denial.Method);
            writer.WriteString("route", denial.Path);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Formats one audit line (without the newline).</summary>
    public static byte[] FormatLine(PauseEvent pauseEvent)
    {
        ArgumentNullException.ThrowIfNull(pauseEvent);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var s = pauseEvent.Status;
            writer.WriteStartObject();
            writer.WriteString("timestamp", Rfc3339.Format(pauseEvent.Timestamp));
            writer.WriteString("event", pauseEvent.Name);
            writer.WriteString("event_id", pauseEvent.EventId);
            writer.WriteString("session_id", s.SessionId);
            writer.WriteString("who", pauseEvent.KeyId ?? PauseStatusJson.SourceName(pauseEvent.Source));
            writer.WriteString("source", PauseStatusJson.SourceName(pauseEvent.Source));
            writer.WriteString("reason", pauseEvent.Reason);
            writer.WriteBoolean("changed", pauseEvent.Changed);
            writer.WriteBoolean("requested_recording", pauseEvent.RecordingRequested);
            writer.WriteBoolean("requested_transcription", pauseEvent.TranscriptionRequested);
            writer.WriteBoolean("recording_paused", s.RecordingPaused);
            writer.WriteBoolean("transcription_paused", s.TranscriptionPaused);
            if (pauseEvent.DigitCount is { } digits)
                writer.WriteNumber("digits", digits);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The queue is drained until StopAsync completes it, so operations accepted before shutdown are kept.
        var reader = _queue.Reader;
        FileStream? stream = null;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                try
                {
                    if (stream is null)
                    {
                        OwnerOnlyFiles.CreateFolder(Path.GetDirectoryName(FilePath)!);
                        stream = OwnerOnlyFiles.Open(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
                    }

                    while (reader.TryRead(out var line))
                    {
                        await stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
                        stream.WriteByte((byte)'\n');
                    }

                    await stream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Log.WriteFailed(_logger, FilePath, ex);
                    if (stream is not null)
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        stream = null;
                    }
                }
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "Cannot append to the pause audit trail")]
        public static partial void WriteFailed(ILogger logger, string path, Exception exception);
    }
}
