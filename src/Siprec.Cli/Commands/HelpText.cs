namespace Siprec.Cli.Commands;

/// <summary>Builds a command's help description: what it does, then example command lines.</summary>
public static class HelpText
{
    /// <summary>The description followed by an <c>Examples:</c> block, one example per line.</summary>
    public static string With(string description, params string[] examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return description + Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine +
            string.Join(Environment.NewLine, examples.Select(e => "  " + e));
    }
}
