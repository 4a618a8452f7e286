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
    // Room for one line of either kind; a line that needs more grows the rented buffer.
    private const int LineCapacity = 512;

    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");

    // Each item holds whole lines, each ending in a newline, in a buffer rented from the pool and returned once written.
    private readonly Channel<PooledBufferWriter> _queue = Channel.CreateUnbounded<PooledBufferWriter>(new UnboundedChannelOptions { SingleReader = true });
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
    public void Publish(PauseEvent pauseEvent)
    {
        ArgumentNullException.ThrowIfNull(pauseEvent);
        var lines = new PooledBufferWriter(LineCapacity);
        using (var writer = new Utf8JsonWriter(lines))
        {
            WriteLine(writer, lines, pauseEvent);
        }

        Enqueue(lines);
    }

    /// <summary>Takes the events of a bulk operation as one block of lines, written to the file in one go.</summary>
    public void PublishAll(IReadOnlyList<PauseEvent> pauseEvents)
    {
        ArgumentNullException.ThrowIfNull(pauseEvents);
        var lines = new PooledBufferWriter(pauseEvents.Count * LineCapacity);
        using (var writer = new Utf8JsonWriter(lines))
        {
            foreach (var pauseEvent in pauseEvents)
            {
                WriteLine(writer, lines, pauseEvent);
            }
        }

        Enqueue(lines);
    }

    /// <summary>Records an API request refused for its caller.</summary>
    public void Record(ApiDenial denial)
    {
        ArgumentNullException.ThrowIfNull(denial);
        var lines = new PooledBufferWriter(LineCapacity);
        using (var writer = new Utf8JsonWriter(lines))
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
            EndLine(writer, lines);
        }

        Enqueue(lines);
    }

    private static void WriteLine(Utf8JsonWriter writer, PooledBufferWriter lines, PauseEvent pauseEvent)
    {
        var s = pauseEvent.Status;
        writer.WriteStartObject();
        Rfc3339.Write(writer, Timestamp, pauseEvent.Timestamp);
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
        EndLine(writer, lines);
    }

    // Each line is a JSON document of its own: the writer is reset after the newline so the next one starts afresh.
    private static void EndLine(Utf8JsonWriter writer, PooledBufferWriter lines)
    {
        writer.Flush();
        lines.Write("\n"u8);
        writer.Reset(lines);
    }

    private void Enqueue(PooledBufferWriter lines)
    {
        if (!_queue.Writer.TryWrite(lines))
        {
            // Stopped: the trail was completed at shutdown.
            lines.Dispose();
        }
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

                    while (reader.TryRead(out var lines))
                    {
                        using (lines)
                        {
                            await stream.WriteAsync(lines.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
                        }
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
