using System.Text.RegularExpressions;

namespace Siprec.Testing;

/// <summary>The shell commands that README.md and the docs print, so that tests run them as written.</summary>
public static class DocumentedCommands
{
    /// <summary>The repository root: the first directory above the test binaries that holds Siprec.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// The commands of the first <c>```bash</c> block of <paramref name="document"/> (a path from the repository root)
    /// that contains <paramref name="marker"/>, one per logical line (backslash continuations joined), trailing
    /// comments kept; throws when no block has it.
    /// </summary>
    public static IReadOnlyList<string> Block(string document, string marker)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot, document));
        List<string>? block = null;
        foreach (var line in lines)
        {
            if (block is null)
            {
                if (line.TrimEnd() == "```bash")
                    block = [];
                continue;
            }

            if (line.TrimEnd() != "```")
            {
                block.Add(line);
                continue;
            }

            if (block.Any(l => l.Contains(marker, StringComparison.Ordinal)))
                return Join(block);
            block = null;
        }

        throw new InvalidOperationException($"{document} has no bash block containing '{marker}'");
    }

    /// <summary>The first inline code span (<c>`...`</c>) of <paramref name="document"/> that starts with <paramref name="prefix"/>.</summary>
    public static string Inline(string document, string prefix)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot, document));
        foreach (Match span in Regex.Matches(text, "(?<!`)`([^`\n]+)`(?!`)"))
        {
            if (span.Groups[1].Value.StartsWith(prefix, StringComparison.Ordinal))
                return span.Groups[1].Value;
        }

        throw new InvalidOperationException($"{document} has no inline code starting with '{prefix}'");
    }

    private static List<string> Join(List<string> lines)
    {
        var commands = new List<string>();
        var pending = "";
        foreach (var line in lines)
        {
            var text = pending.Length == 0 ? line.Trim() : pending + " " + line.Trim();
            if (text.EndsWith('\\'))
            {
                pending = text[..^1].TrimEnd();
                continue;
            }

            pending = "";
            if (text.Length > 0)
                commands.Add(text);
        }

        return commands;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Siprec.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("repository root (Siprec.sln) not found above " + AppContext.BaseDirectory);
    }
}
