using System.Text.Json;
using Siprec.Recording.Control;
using Siprec.Recording.Sessions;
using Siprec.Server.Configuration;

namespace Siprec.Server.Api;

/// <summary>Writes a <see cref="PauseStatus"/> as the spec's status object, followed by this server's extra fields.</summary>
public static class PauseStatusJson
{
    // Names encoded once: a bulk answer writes them for every session.
    private static readonly JsonEncodedText SessionId = JsonEncodedText.Encode("session_id");
    private static readonly JsonEncodedText IsPaused = JsonEncodedText.Encode("is_paused");
    private static readonly JsonEncodedText RecordingPaused = JsonEncodedText.Encode("recording_paused");
    private static readonly JsonEncodedText TranscriptionPaused = JsonEncodedText.Encode("transcription_paused");
    private static readonly JsonEncodedText PausedAt = JsonEncodedText.Encode("paused_at");
    private static readonly JsonEncodedText PauseDuration = JsonEncodedText.Encode("pause_duration");
    private static readonly JsonEncodedText RecordingSessionId = JsonEncodedText.Encode("recording_session_id");
    private static readonly JsonEncodedText PauseSourceName = JsonEncodedText.Encode("pause_source");
    private static readonly JsonEncodedText SrcPaused = JsonEncodedText.Encode("src_paused");
    private static readonly JsonEncodedText PauseBehavior = JsonEncodedText.Encode("pause_behavior");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText AutoResumeAt = JsonEncodedText.Encode("auto_resume_at");
    private static readonly JsonEncodedText Node = JsonEncodedText.Encode("node");

    /// <summary>Writes the status object; in a cluster, <paramref name="node"/> names the node that owns the session.</summary>
    public static void Write(Utf8JsonWriter writer, PauseStatus status, string? node = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(status);
        writer.WriteStartObject();
        writer.WriteString(SessionId, status.SessionId);
        writer.WriteBoolean(IsPaused, status.IsPaused);
        writer.WriteBoolean(RecordingPaused, status.RecordingPaused);
        writer.WriteBoolean(TranscriptionPaused, status.TranscriptionPaused);
        WriteTime(writer, PausedAt, status.PausedAt);
        writer.WriteString(PauseDuration, GoDuration.Format(TimeSpan.FromSeconds(Math.Floor(status.PauseDuration.TotalSeconds))));
        writer.WriteString(RecordingSessionId, status.RecordingSessionId);
        if (status.Source is { } source)
        {
            writer.WriteString(PauseSourceName, SourceName(source));
        }
        else
        {
            writer.WriteNull(PauseSourceName);
        }

        writer.WriteBoolean(SrcPaused, status.SourcePaused);
        writer.WriteString(PauseBehavior, PauseBehaviorText.Format(status.Behavior));
        writer.WriteString(Reason, status.Reason);
        WriteTime(writer, AutoResumeAt, status.AutoResumeAt);
        if (node is not null)
        {
            writer.WriteString(Node, node);
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

    private static void WriteTime(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            Rfc3339.Write(writer, name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
