using System.Text;
using System.Text.RegularExpressions;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>How a SIPp run ended, with its logs for failure messages.</summary>
public sealed partial record SippResult(int ExitCode, string ErrorLog, string MessageLog, IReadOnlyList<string> LogLines, string Screen)
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

    /// <summary>Responses SIPp logged as received with <paramref name="status"/> to a request of <paramref name="method"/> (line ends normalised to LF).</summary>
    public IReadOnlyList<string> ReceivedResponses(int status, string method) =>
        MessageSeparator().Split(MessageLog.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Where(block => block.Contains("message received", StringComparison.Ordinal))
            .Select(block => block.IndexOf("SIP/2.0 ", StringComparison.Ordinal) is var start and >= 0 ? block[start..].Trim() : "")
            .Where(message => message.StartsWith($"SIP/2.0 {status} ", StringComparison.Ordinal) && CSeqMethod().Match(message).Groups[1].Value == method)
            .ToArray();

    /// <summary>The To tag of a logged message, or "" when it has none.</summary>
    public static string ToTag(string message) => ToTagPattern().Match(message).Groups[1].Value;

    /// <summary>The body of a logged message (after the first blank line), trimmed.</summary>
    public static string Body(string message) =>
        message.IndexOf("\n\n", StringComparison.Ordinal) is var blank and >= 0 ? message[(blank + 2)..].Trim() : "";

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

    [GeneratedRegex(@"^-{10,}.*$", RegexOptions.Multiline)]
    private static partial Regex MessageSeparator();

    [GeneratedRegex(@"^CSeq:\s*\d+\s+(\S+)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex CSeqMethod();

    [GeneratedRegex(@"^(?:To|t):[^\n]*;\s*tag=([^;>\s]+)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex ToTagPattern();
}
