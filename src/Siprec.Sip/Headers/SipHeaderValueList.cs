using Siprec.Sip.Grammar;

namespace Siprec.Sip.Headers;

/// <summary>Splits a comma-separated header value into its elements, ignoring commas inside quotes and <c>&lt;...&gt;</c>.</summary>
public static class SipHeaderValueList
{
    /// <summary>The trimmed, non-empty elements of <paramref name="value"/>; the whole value when quotes are unbalanced.</summary>
    public static IReadOnlyList<string> Split(string value)
    {
        var result = new List<string>(1);
        var rest = value.AsSpan();
        while (true)
        {
            var comma = SipQuoting.IndexOfUnquoted(rest, ',');
            if (comma < 0)
            {
                var last = SipCharacters.TrimWhitespace(rest);
                if (comma == -2)
                    return [value.Trim()];
                if (!last.IsEmpty)
                    result.Add(result.Count == 0 && last.Length == value.Length ? value : last.ToString());
                return result;
            }
            var element = SipCharacters.TrimWhitespace(rest[..comma]);
            if (!element.IsEmpty)
                result.Add(element.ToString());
            rest = rest[(comma + 1)..];
        }
    }
}
