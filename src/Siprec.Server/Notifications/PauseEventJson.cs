using System.Buffers;
using System.Text.Json;
using Siprec.Recording.Control;
using Siprec.Server.Api;

namespace Siprec.Server.Notifications;

/// <summary>The JSON form of a pause event, shared by webhooks and the live event stream.</summary>
public static class PauseEventJson
{
    /// <summary>Serialises the event to UTF-8 JSON.</summary>
    public static byte[] ToUtf8(PauseEvent pauseEvent)
    {
        ArgumentNullException.ThrowIfNull(pauseEvent);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", pauseEvent.EventId);
            writer.WriteString("event", pauseEvent.Name);
            writer.WriteString("timestamp", Rfc3339.Format(pauseEvent.Timestamp));
            writer.WriteString("session_id", pauseEvent.Status.SessionId);
            writer.WriteString("source", PauseStatusJson.SourceName(pauseEvent.Source));
            writer.WriteString("reason", pauseEvent.Reason);
            writer.WriteString("key_id", pauseEvent.KeyId);
            writer.WriteString("pause_type", pauseEvent.PauseType);
            if (pauseEvent.DigitCount is { } digits)
                writer.WriteNumber("digits", digits);
            writer.WritePropertyName("status");
            PauseStatusJson.Write(writer, pauseEvent.Status);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
