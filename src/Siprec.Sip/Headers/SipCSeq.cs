using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Siprec.Sip.Grammar;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Headers;

/// <summary>The CSeq header value (RFC 3261 §20.16): a sequence number and a method.</summary>
public sealed record SipCSeq(uint Number, string Method)
{
    /// <summary>Parses <c>number method</c>; throws <see cref="FormatException"/> when it is not valid.</summary>
    public static SipCSeq Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"Invalid CSeq '{text}'.");

    /// <summary>Parses <c>number method</c> without throwing; the number must fit 32 bits unsigned.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipCSeq? value)
    {
        value = null;
        text = SipCharacters.TrimWhitespace(text);
        var space = text.IndexOfAny(' ', '\t');
        if (space <= 0)
            return false;
        var method = SipCharacters.TrimWhitespace(text[space..]);
        if (!uint.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
            !SipCharacters.IsToken(method))
            return false;
        value = new SipCSeq(number, SipMethods.Intern(method));
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Concat(Number.ToString(CultureInfo.InvariantCulture), " ", Method);
}
