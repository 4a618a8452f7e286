using System.Text.RegularExpressions;

namespace Siprec.Cli.Tests.Support;

/// <summary>Reads a printed table back by its header's column positions, so misaligned cells show up as wrong values.</summary>
public static partial class Table
{
    /// <summary>The rows of the table whose header line starts with <paramref name="firstHeader"/>, up to a blank line.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Parse(string text, string firstHeader)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(firstHeader + "  ", StringComparison.Ordinal));
        Assert.True(start >= 0, $"no table starting with {firstHeader} in:\n{text}");
        var columns = ColumnGap().Split(lines[start].TrimEnd())
            .Select(h => (Name: h, Start: lines[start].IndexOf(h, StringComparison.Ordinal)))
            .ToList();
        var rows = new List<IReadOnlyDictionary<string, string>>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => l.Length > 0))
        {
            Assert.False(line.EndsWith(' '), $"trailing space in '{line}'");
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                var from = columns[i].Start;
                var to = i + 1 < columns.Count ? columns[i + 1].Start : line.Length;
                Assert.True(from < line.Length, $"row too short for column {columns[i].Name}: '{line}'");
                var cell = line[from..Math.Min(to, line.Length)];
                Assert.True(i == 0 || line[from - 1] == ' ', $"column {columns[i].Name} misaligned in '{line}'");
                row[columns[i].Name] = cell.TrimEnd();
            }

            rows.Add(row);
        }

        return rows;
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex ColumnGap();
}
