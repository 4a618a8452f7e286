using System.Text;

namespace Siprec.Sip.Grammar;

/// <summary>Reads and writes RFC 3261 quoted-strings and finds separators outside quotes and angle brackets.</summary>
internal static class SipQuoting
{
    /// <summary>
    /// Finds the first <paramref name="separator"/> that is not inside a quoted string or <c>&lt;...&gt;</c>.
    /// Returns -1 when there is none; returns -2 when quotes or brackets are unbalanced.
    /// </summary>
    public static int IndexOfUnquoted(ReadOnlySpan<char> value, char separator)
    {
        var inQuotes = false;
        var inBrackets = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\')
                    i++;
                else if (c == '"')
                    inQuotes = false;
                continue;
            }
            if (inBrackets)
            {
                if (c == '>')
                    inBrackets = false;
                continue;
            }
            if (c == separator)
                return i;
            if (c == '"')
                inQuotes = true;
            else if (c == '<')
                inBrackets = true;
        }
        return inQuotes || inBrackets ? -2 : -1;
    }

    /// <summary>
    /// Reads a quoted string starting at <paramref name="value"/>[0] == '"'; returns its unescaped content and the
    /// number of characters consumed, or false when it is not terminated.
    /// </summary>
    public static bool TryReadQuoted(ReadOnlySpan<char> value, out string content, out int consumed)
    {
        content = string.Empty;
        consumed = 0;
        if (value.IsEmpty || value[0] != '"')
            return false;
        var end = -1;
        var hasEscape = false;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\')
            {
                if (i + 1 >= value.Length)
                    return false;
                hasEscape = true;
                i++;
                continue;
            }
            if (c == '"')
            {
                end = i;
                break;
            }
        }
        if (end < 0)
            return false;
        var inner = value[1..end];
        consumed = end + 1;
        if (!hasEscape)
        {
            content = inner.ToString();
            return true;
        }
        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
                i++;
            builder.Append(inner[i]);
        }
        content = builder.ToString();
        return true;
    }

    /// <summary>Writes <paramref name="value"/> as a quoted string, escaping quotes and backslashes.</summary>
    public static string Quote(string value)
    {
        if (value.AsSpan().IndexOfAny('"', '\\') < 0)
            return string.Concat("\"", value, "\"");
        var builder = new StringBuilder(value.Length + 4);
        builder.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
                builder.Append('\\');
            builder.Append(c);
        }
        builder.Append('"');
        return builder.ToString();
    }
}
