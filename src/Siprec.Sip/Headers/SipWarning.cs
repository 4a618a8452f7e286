using System.Text;

namespace Siprec.Sip.Headers;

/// <summary>The value of a <c>Warning</c> header (RFC 3261 §20.43): code, agent and the text as a quoted-string.</summary>
public static class SipWarning
{
    /// <summary>The code for a warning whose text says it all (RFC 3261 §20.43: "miscellaneous warning").</summary>
    public const int Miscellaneous = 399;

    /// <summary><c>code agent "text"</c>, with quotes and backslashes in <paramref name="text"/> escaped and control characters blanked.</summary>
    public static string Format(int code, string agent, string text)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(text);
        var value = new StringBuilder(text.Length + agent.Length + 8);
        value.Append(code).Append(' ').Append(agent).Append(" \"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
                value.Append('\\').Append(c);
            else
                value.Append(char.IsControl(c) ? ' ' : c);
        }

        return value.Append('"').ToString();
    }
}
