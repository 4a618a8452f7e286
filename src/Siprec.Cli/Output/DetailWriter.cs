using System.Text.Json;

namespace Siprec.Cli.Output;

/// <summary>
/// Writes one JSON object for reading: scalar fields as aligned <c>name: value</c> lines (nested objects as
/// <c>outer.inner</c>), then each array of objects as its own titled table.
/// </summary>
public static class DetailWriter
{
    /// <summary>Writes <paramref name="obj"/>; a non-object is written as a single cell.</summary>
    public static void Write(JsonElement obj, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (obj.ValueKind != JsonValueKind.Object)
        {
            writer.WriteLine(CellText.Of(obj));
            return;
        }

        var fields = new List<(string Name, string Value)>();
        var tables = new List<(string Name, JsonElement Items)>();
        Collect(obj, string.Empty, fields, tables);
        var width = fields.Count == 0 ? 0 : fields.Max(f => f.Name.Length) + 1;
        foreach (var (name, value) in fields)
        {
            writer.WriteLine((name + ":").PadRight(width) + " " + value);
        }

        foreach (var (name, items) in tables)
        {
            writer.WriteLine();
            writer.WriteLine(name + ":");
            ObjectTable(items).WriteTo(writer);
        }
    }

    private static void Collect(
        JsonElement obj, string prefix, List<(string, string)> fields, List<(string, JsonElement)> tables)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = prefix + property.Name;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object)
            {
                Collect(value, name + ".", fields, tables);
            }
            else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 &&
                     value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object))
            {
                tables.Add((name, value));
            }
            else
            {
                fields.Add((name, CellText.Of(value)));
            }
        }
    }

    private static TableWriter ObjectTable(JsonElement items)
    {
        var columns = items.EnumerateArray().SelectMany(e => e.EnumerateObject().Select(p => p.Name)).Distinct(StringComparer.Ordinal).ToArray();
        var table = new TableWriter([.. columns.Select(c => c.Replace('_', ' ').ToUpperInvariant())]);
        foreach (var item in items.EnumerateArray())
        {
            table.AddRow([.. columns.Select(c => CellText.Of(item, c))]);
        }

        return table;
    }
}
