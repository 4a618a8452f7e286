using System.Text.Json;

namespace Siprec.Cli.Output;

/// <summary>How a JSON value reads in a table cell: <c>-</c> for null or missing, <c>yes</c>/<c>no</c>, numbers as sent.</summary>
public static class CellText
{
    /// <summary>The placeholder for a null, missing or empty value.</summary>
    public const string None = "-";

    /// <summary>The cell text of <paramref name="value"/>; arrays are joined with commas, objects show their name or aor.</summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? OneLine(s) : None,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => Join(value),
        JsonValueKind.Object => Label(value),
        _ => None,
    };

    /// <summary>The cell text of property <paramref name="name"/> of <paramref name="value"/>; <see cref="None"/> when absent.</summary>
    public static string Of(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out var property) ? Of(property) : None;

    private static string Join(JsonElement array)
    {
        var items = array.EnumerateArray().Select(Of).Where(s => s != None).ToList();
        return items.Count == 0 ? None : string.Join(", ", items);
    }

    private static string Label(JsonElement obj)
    {
        foreach (var name in (string[])["name", "aor", "id", "label"])
        {
            if (Of(obj, name) is var text && text != None)
            {
                return text;
            }
        }

        return "{...}";
    }

    private static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.ReplaceLineEndings(" ")
            : text;
}
