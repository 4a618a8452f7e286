using System.Text;
using System.Text.Json;

namespace Siprec.Cluster;

/// <summary>A live node as its lease describes it.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Epoch">Changes at every start of the node, so a restarted node never owns its old sessions.</param>
/// <param name="Url">The node's advertised HTTP address; may be empty.</param>
/// <param name="StartedAt">When this start of the node began.</param>
public sealed record NodeInfo(string Id, string Epoch, string Url, DateTimeOffset StartedAt)
{
    /// <summary>The lease value.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            w.WriteString("epoch", Epoch);
            w.WriteString("url", Url);
            w.WriteString("started_at", StartedAt);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a lease value; null when it is not one.</summary>
    public static NodeInfo? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            return new NodeInfo(
                root.GetProperty("id").GetString()!, root.GetProperty("epoch").GetString()!,
                root.GetProperty("url").GetString() ?? string.Empty, root.GetProperty("started_at").GetDateTimeOffset());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
