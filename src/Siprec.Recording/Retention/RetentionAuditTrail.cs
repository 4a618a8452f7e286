using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Siprec.Media.AtRest;
using Siprec.Recording.Index;

namespace Siprec.Recording.Retention;

/// <summary>
/// Appends retention decisions to <c>audit/retention-audit.jsonl</c> under the recording directory: one JSON line per
/// recording deleted, spared by a legal hold, or failed to delete, with the files concerned. Owner-only, append-only.
/// </summary>
public sealed class RetentionAuditTrail
{
    private readonly Lock _lock = new();

    /// <summary>Creates the trail under <paramref name="recordingDirectory"/>.</summary>
    public RetentionAuditTrail(string recordingDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recordingDirectory);
        FilePath = Path.Combine(recordingDirectory, "audit", "retention-audit.jsonl");
    }

    /// <summary>The audit file.</summary>
    public string FilePath { get; }

    /// <summary>Appends one line; throws <see cref="IOException"/> when the file cannot be written.</summary>
    public void Append(DateTimeOffset at, string action, IndexedRecording recording, IReadOnlyList<string> files, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(files);
        var line = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(line))
        {
            w.WriteStartObject();
            w.WriteString("timestamp", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("event", action);
            w.WriteString("recording_id", recording.Id);
            w.WriteString("call_id", recording.CallId);
            w.WriteString("started_at", recording.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteStartArray("files");
            foreach (var file in files)
                w.WriteStringValue(file);
            w.WriteEndArray();
            if (detail is not null)
                w.WriteString("detail", detail);
            w.WriteEndObject();
        }

        lock (_lock)
        {
            OwnerOnlyFiles.CreateFolder(Path.GetDirectoryName(FilePath)!);
            using var stream = OwnerOnlyFiles.Open(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(line.WrittenSpan);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }
    }
}
