using System.Text.Json;
using Siprec.Recording.Index;

namespace Siprec.Server.Api;

/// <summary>The JSON of one recording in the listing.</summary>
public static class RecordingJson
{
    /// <summary>Writes <paramref name="r"/> as an object with snake_case names and RFC 3339 times.</summary>
    public static void Write(Utf8JsonWriter w, IndexedRecording r)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(r);
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        WriteOptional(w, "node", r.Node);
        w.WriteString("call_id", r.CallId);
        WriteOptional(w, "session_id", r.SessionId);
        w.WriteString("started_at", Rfc3339.Format(r.StartedAt));
        WriteOptional(w, "ended_at", r.EndedAt is { } end ? Rfc3339.Format(end) : null);
        if (r.DurationSeconds is { } duration)
            w.WriteNumber("duration_seconds", Math.Round(duration, 3));
        else
            w.WriteNull("duration_seconds");
        WriteOptional(w, "end_reason", r.EndReason);
        w.WriteString("recording_file", r.RecordingFile);
        w.WriteString("sidecar_file", r.SidecarFile);
        WriteOptional(w, "transcript_file", r.TranscriptFile);
        w.WriteStartArray("stream_files");
        foreach (var file in r.StreamFiles)
            w.WriteStringValue(file);
        w.WriteEndArray();
        w.WriteStartArray("participants");
        foreach (var p in r.Participants)
        {
            w.WriteStartObject();
            WriteOptional(w, "aor", p.Aor);
            WriteOptional(w, "name", p.Name);
            w.WriteStartArray("channels");
            foreach (var channel in p.Channels)
                w.WriteNumberValue(channel);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("streams");
        foreach (var s in r.Streams)
        {
            w.WriteStartObject();
            w.WriteNumber("channel", s.Channel);
            WriteOptional(w, "label", s.Label);
            WriteOptional(w, "codec", s.Codec);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (var error in r.Errors)
        {
            w.WriteStartObject();
            w.WriteString("step", error.Step);
            w.WriteString("message", error.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteOptional(w, "uploaded_at", r.UploadedAt is { } uploaded ? Rfc3339.Format(uploaded) : null);
        WriteOptional(w, "s3_key", r.S3Key);
        w.WriteBoolean("held", r.Held);
        w.WriteString("audio_url", "/api/recordings/" + Uri.EscapeDataString(r.Id) + "/audio");
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
            w.WriteNull(name);
        else
            w.WriteString(name, value);
    }
}
