using System.Text.Json;
using Siprec.Recording.Transcription;
using Siprec.Transcription.Feed;

namespace Siprec.Server.Api;

/// <summary>Writes a session's transcription status (provider, paused, transcript file, per-stream state and errors).</summary>
public static class TranscriptionStatusJson
{
    /// <summary>Writes the status object, or JSON null when the session is not transcribed.</summary>
    public static void Write(Utf8JsonWriter writer, SessionTranscriptionStatus? status)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (status is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("provider", status.Provider);
        writer.WriteBoolean("paused", status.Paused);
        writer.WriteString("transcript_file", status.TranscriptFile);
        writer.WriteStartArray("streams");
        foreach (var stream in status.Streams)
        {
            writer.WriteStartObject();
            writer.WriteNumber("channel", stream.Channel + 1);
            writer.WriteString("label", stream.Label);
            writer.WriteString("speaker_aor", stream.SpeakerAor);
            writer.WriteString("speaker_name", stream.SpeakerName);
            writer.WriteString("state", StateText(stream.Feed.State));
            writer.WriteNumber("errors", stream.Feed.Errors);
            writer.WriteNumber("reconnects", stream.Feed.Reconnects);
            writer.WriteNumber("dropped_chunks", stream.Feed.DroppedChunks);
            writer.WriteString("last_error", stream.Feed.LastError);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The state's name in the API and in metric labels.</summary>
    internal static string StateText(TranscriptionFeedState state) => state switch
    {
        TranscriptionFeedState.Connecting => "connecting",
        TranscriptionFeedState.Streaming => "streaming",
        TranscriptionFeedState.Paused => "paused",
        TranscriptionFeedState.Reconnecting => "reconnecting",
        TranscriptionFeedState.CircuitOpen => "circuit_open",
        _ => "completed",
    };
}
