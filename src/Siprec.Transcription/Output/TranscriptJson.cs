using System.Text.Json;

namespace Siprec.Transcription.Output;

/// <summary>
/// The one JSON shape of a result, shared by the JSONL file, the webhook and live feeds: snake_case fields, times in seconds
/// on the session clock (<c>session_id, stream_index, speaker_aor, speaker_name, is_final, text, confidence, start, end, provider, received_at</c>).
/// </summary>
public static class TranscriptJson
{
    /// <summary>Writes <paramref name="result"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, TranscriptResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteString("session_id", result.SessionId);
        writer.WriteNumber("stream_index", result.StreamIndex);
        WriteNullable(writer, "speaker_aor", result.SpeakerAor);
        WriteNullable(writer, "speaker_name", result.SpeakerName);
        writer.WriteBoolean("is_final", result.IsFinal);
        writer.WriteString("text", result.Text);
        if (result.Confidence is { } confidence)
        {
            writer.WriteNumber("confidence", Math.Round(confidence, 4));
        }
        else
        {
            writer.WriteNull("confidence");
        }

        writer.WriteNumber("start", Math.Round(result.Start.TotalSeconds, 3));
        writer.WriteNumber("end", Math.Round(result.End.TotalSeconds, 3));
        writer.WriteString("provider", result.Provider);
        writer.WriteString("received_at", result.ReceivedAt);
        writer.WriteEndObject();
    }

    /// <summary>Returns <paramref name="result"/> as UTF-8 JSON.</summary>
    public static byte[] ToUtf8Bytes(TranscriptResult result)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, result);
        }

        return buffer.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
