using System.Text;
using System.Text.Json;

namespace Siprec.Cluster;

/// <summary>A node's answer to a command: the HTTP status and JSON body it would have answered itself.</summary>
public sealed record ClusterReply(int Status, string Body)
{
    /// <summary>The published form, with the command id it answers.</summary>
    public string ToMessage(string commandId)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", commandId);
            w.WriteNumber("status", Status);
            w.WriteString("body", Body);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a published answer; null when malformed.</summary>
    public static (string CommandId, ClusterReply Reply)? FromMessage(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(message);
            var root = doc.RootElement;
            return (root.GetProperty("id").GetString()!, new ClusterReply(root.GetProperty("status").GetInt32(), root.GetProperty("body").GetString()!));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
