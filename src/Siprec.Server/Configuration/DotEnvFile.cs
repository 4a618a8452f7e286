namespace Siprec.Server.Configuration;

/// <summary>Reads a <c>.env</c> file: <c>KEY=VALUE</c> lines, optional <c>export</c>, <c>#</c> comments, optional quotes.</summary>
public static class DotEnvFile
{
    /// <summary>Parses the file's text; a line without <c>=</c> throws a <see cref="ConfigurationException"/> naming the line.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ConfigurationException($"{fileName} line {lineNumber}: expected KEY=VALUE");
            }

            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            else if (value.IndexOf(" #", StringComparison.Ordinal) is var hash and >= 0)
            {
                value = value[..hash].TrimEnd();
            }

            values[line[..eq].Trim()] = value;
        }

        return values;
    }
}
