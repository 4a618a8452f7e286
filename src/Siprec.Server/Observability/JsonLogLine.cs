using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Siprec.Server.Api;

namespace Siprec.Server.Observability;

/// <summary>
/// One log record as one flat JSON object: <c>level</c>, <c>message</c>, <c>timestamp</c>, <c>logger</c>, then each
/// structured field of the message template at the top level, then <c>error</c> when an exception is attached.
/// </summary>
public static class JsonLogLine
{
    /// <summary>The level names used: trace, debug, info, warn, error, fatal.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fatal",
    };

    /// <summary>Formats one record (without the trailing newline).</summary>
    public static string Format(
        LogLevel level, string category, string message, DateTimeOffset timestamp,
        IEnumerable<KeyValuePair<string, object?>>? fields, Exception? exception)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("level", LevelName(level));
            writer.WriteString("message", message);
            writer.WriteString("timestamp", Rfc3339.Format(timestamp));
            writer.WriteString("logger", category);
            foreach (var (name, value) in fields ?? [])
            {
                if (name == "{OriginalFormat}" || name is "level" or "message" or "timestamp" or "logger")
                {
                    continue;
                }

                writer.WritePropertyName(name.TrimStart('@'));
                WriteValue(writer, value);
            }

            if (exception is not null)
            {
                writer.WriteString("error", exception.GetType().FullName + ": " + exception.Message);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case DateTimeOffset t: writer.WriteStringValue(Rfc3339.Format(t)); break;
            default: writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }
}
