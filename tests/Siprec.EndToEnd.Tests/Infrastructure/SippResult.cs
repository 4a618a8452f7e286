using System.Text;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>How a SIPp run ended, with its logs for failure messages.</summary>
public sealed record SippResult(int ExitCode, string ErrorLog, string MessageLog, IReadOnlyList<string> LogLines, string Screen)
{
    /// <summary>True when every call succeeded (exit code 0).</summary>
    public bool AllCallsSucceeded => ExitCode == 0;

    /// <summary>SIPp's meaning of <see cref="ExitCode"/>.</summary>
    public string ExitMeaning => ExitCode switch
    {
        0 => "all calls succeeded",
        1 => "at least one call failed",
        97 => "exit on internal command",
        99 => "normal exit without calls processed",
        137 => "killed by the harness (time bound)",
        253 or -3 => "internal error",
        254 or -2 => "fatal error binding a socket",
        255 or -1 => "fatal error",
        _ => "unknown",
    };

    /// <summary>Values of the <c>&lt;log&gt;</c> lines that start with <paramref name="prefix"/> followed by a space.</summary>
    public IReadOnlyList<string> Logged(string prefix) =>
        LogLines.Where(l => l.StartsWith(prefix + " ", StringComparison.Ordinal)).Select(l => l[(prefix.Length + 1)..].Trim()).ToArray();

    /// <summary>Exit code, errors, the end of the message trace and the last screen, for assertion messages.</summary>
    public string Describe(int messageTailChars = 6000)
    {
        var text = new StringBuilder();
        text.AppendLine($"sipp exit code {ExitCode} ({ExitMeaning})");
        text.AppendLine("--- sipp errors ---").AppendLine(Tail(ErrorLog, 4000));
        text.AppendLine("--- sipp <log> lines ---").AppendLine(string.Join('\n', LogLines));
        text.AppendLine("--- sipp messages (tail) ---").AppendLine(Tail(MessageLog, messageTailChars));
        text.AppendLine("--- sipp screen (tail) ---").AppendLine(Tail(Screen, 3000));
        return text.ToString();
    }

    private static string Tail(string text, int chars) => text.Length <= chars ? text : "..." + text[^chars..];
}
