using System.Text.Json;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Server.Configuration;

namespace Siprec.Server.Api;

/// <summary>Writes a <see cref="PauseStatus"/> as the spec's status object, followed by this server's extra fields.</summary>
public static class PauseStatusJson
{
    /// <summary>Writes the status object; in a cluster, <paramref name="node"/> names the node that owns the session.</summary>
    public static void Write(Utf8JsonWriter writer, PauseStatus status, string? node = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(status);
        writer.WriteStartObject();
        writer.WriteString("session_id", status.SessionId);
        writer.WriteBoolean("is_paused", status.IsPaused);
        writer.WriteBoolean("recording_paused", status.RecordingPaused);
        writer.WriteBoolean("transcription_paused", status.TranscriptionPaused);
        WriteTime(writer, "paused_at", status.PausedAt);
        writer.WriteString("pause_duration", GoDuration.Format(TimeSpan.FromSeconds(Math.Floor(status.PauseDuration.TotalSeconds))));
        writer.WriteString("recording_session_id", status.RecordingSessionId);
        if (status.Source is { } source)
        {
            writer.WriteString("pause_source", SourceName(source));
        }
        else
        {
            writer.WriteNull("pause_source");
        }

        writer.WriteBoolean("src_paused", status.SourcePaused);
        writer.WriteString("pause_behavior", PauseBehaviorText.Format(status.Behavior));
        writer.WriteString("reason", status.Reason);
        WriteTime(writer, "auto_resume_at", status.AutoResumeAt);
        if (node is not null)
        {
            writer.WriteString("node", node);
        }

        writer.WriteEndObject();
    }

    /// <summary>The wire name of a pause source: <c>api</c>, <c>src</c> or <c>policy</c>.</summary>
    public static string SourceName(PauseSource source) => source switch
    {
        PauseSource.Src => "src",
        PauseSource.Policy => "policy",
        _ => "api",
    };

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, Rfc3339.Format(v));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
