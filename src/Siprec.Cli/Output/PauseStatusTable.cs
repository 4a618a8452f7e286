using System.Text.Json;

namespace Siprec.Cli.Output;

/// <summary>Pause statuses as one table: session, what is paused, since when, for how long, by whom and why.</summary>
public static class PauseStatusTable
{
    /// <summary>Writes one row per status object, or <c>no sessions</c> when there is none.</summary>
    public static void Write(IEnumerable<JsonElement> statuses, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(writer);
        var table = new TableWriter("SESSION", "RECORDING", "TRANSCRIPTION", "PAUSED AT", "DURATION", "SOURCE", "REASON");
        foreach (var status in statuses)
        {
            table.AddRow(
                CellText.Of(status, "session_id"),
                State(status, "recording_paused"),
                State(status, "transcription_paused"),
                CellText.Of(status, "paused_at"),
                CellText.Of(status, "pause_duration"),
                CellText.Of(status, "pause_source"),
                CellText.Of(status, "reason"));
        }

        if (table.RowCount == 0)
        {
            writer.WriteLine("no sessions");
            return;
        }

        table.WriteTo(writer);
    }

    /// <summary>Writes a single status object.</summary>
    public static void Write(JsonElement status, TextWriter writer) => Write([status], writer);

    /// <summary>Writes a map of session id to status object, such as <c>GET /api/sessions/pause-status</c> answers.</summary>
    public static void WriteMap(JsonElement map, TextWriter writer) =>
        Write(map.ValueKind == JsonValueKind.Object ? map.EnumerateObject().Select(p => p.Value) : [], writer);

    /// <summary><c>paused</c> or <c>on</c> for a boolean <c>*_paused</c> property.</summary>
    public static string State(JsonElement status, string property) =>
        status.ValueKind == JsonValueKind.Object && status.TryGetProperty(property, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => "paused",
                JsonValueKind.False => "on",
                _ => CellText.None,
            }
            : CellText.None;
}
