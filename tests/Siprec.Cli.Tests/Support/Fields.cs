namespace Siprec.Cli.Tests.Support;

/// <summary>Reads the <c>name: value</c> lines of a detail view, checking every value starts in the same column.</summary>
public static class Fields
{
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').TakeWhile(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        var column = lines[0].IndexOf(": ", StringComparison.Ordinal) + 2;
        while (column < lines[0].Length && lines[0][column] == ' ')
        {
            column++;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0 && colon < column - 1, $"no name before column {column} in '{line}'");
            Assert.True(line.Length > column && line[column - 1] == ' ' && line[column] != ' ', $"value not at column {column} in '{line}'");
            fields[line[..colon]] = line[column..];
        }

        return fields;
    }
}
