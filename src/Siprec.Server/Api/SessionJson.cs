using System.Text.Json;
using Siprec.Media.Engine;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;

namespace Siprec.Server.Api;

/// <summary>Writes a <see cref="RecordingSession"/> for <c>GET /api/sessions</c> and <c>GET /api/sessions/{id}</c>.</summary>
public static class SessionJson
{
    /// <summary>
    /// Writes the session object, with its pause status and its transcription status (null when not transcribed); each
    /// stream's codec comes from <paramref name="media"/> (null when unknown). In a cluster, <paramref name="node"/> names
    /// the node that owns the session; a single node leaves it out.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, RecordingSession session, DateTimeOffset now, IReadOnlyList<RtpStreamStats>? media = null, string? node = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(session);
        writer.WriteStartObject();
        writer.WriteString("id", session.Id);
        writer.WriteString("call_id", session.Id);
        writer.WriteString("session_id", session.RecordingSessionId);
        writer.WriteString("started_at", Rfc3339.Format(session.StartedAt));
        writer.WriteString("state", session.State switch
        {
            SessionState.Active => "active",
            SessionState.Ending => "ending",
            _ => "ended",
        });
        writer.WriteStartArray("participants");
        foreach (var p in session.Participants)
        {
            writer.WriteStartObject();
            writer.WriteString("aor", p.Aor);
            writer.WriteString("name", p.Name);
            writer.WriteStartArray("stream_labels");
            foreach (var label in p.StreamLabels)
            {
                writer.WriteStringValue(label);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("streams");
        foreach (var s in session.Streams)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", s.Index);
            writer.WriteString("label", s.Label);
            writer.WriteString("media_type", s.MediaType);
            writer.WriteString("codec", media?.FirstOrDefault(m => m.Label == s.Label)?.Codec);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WritePropertyName("pause_status");
        PauseStatusJson.Write(writer, PauseStatus.Of(session, now), node);
        writer.WritePropertyName("transcription");
        TranscriptionStatusJson.Write(writer, session.Transcription?.Status);
        if (node is not null)
        {
            writer.WriteString("node", node);
        }

        writer.WriteEndObject();
    }
}
