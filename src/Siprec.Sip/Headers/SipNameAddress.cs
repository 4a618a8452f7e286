using System.Diagnostics.CodeAnalysis;
using System.Text;
using Siprec.Sip.Grammar;

namespace Siprec.Sip.Headers;

/// <summary>A name-addr or addr-spec with header parameters, as in From, To, Contact, Route (RFC 3261 §20.10).</summary>
public sealed record SipNameAddress
{
    /// <summary>The display name, unquoted and unescaped, or null when absent.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The address.</summary>
    public required SipUri Uri { get; init; }

    /// <summary>Header parameters after the address (not URI parameters), in order.</summary>
    public SipParameters Parameters { get; init; } = SipParameters.Empty;

    /// <summary>The <c>tag</c> parameter, or null.</summary>
    public string? Tag => Parameters.Get("tag");

    /// <summary>A copy whose <c>tag</c> parameter is <paramref name="tag"/>.</summary>
    public SipNameAddress WithTag(string tag) => this with { Parameters = Parameters.With("tag", tag) };

    /// <summary>Parses a name-addr or addr-spec; throws <see cref="FormatException"/> when it is not valid.</summary>
    public static SipNameAddress Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"Invalid name-addr '{text}'.");

    /// <summary>Parses a name-addr (<c>"Name" &lt;uri&gt;;p=v</c>) or addr-spec (<c>uri;p=v</c>) without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipNameAddress? value)
    {
        value = null;
        text = SipCharacters.TrimWhitespace(text);
        if (text.IsEmpty)
            return false;
        string? displayName = null;
        ReadOnlySpan<char> uriText;
        ReadOnlySpan<char> rest;
        if (text[0] == '"')
        {
            if (!SipQuoting.TryReadQuoted(text, out var quoted, out var consumed))
                return false;
            displayName = quoted;
            text = SipCharacters.TrimWhitespace(text[consumed..]);
            if (text.IsEmpty || text[0] != '<')
                return false;
        }
        var open = text.IndexOf('<');
        if (open >= 0)
        {
            if (displayName is null && open > 0)
            {
                var name = SipCharacters.TrimWhitespace(text[..open]);
                if (!IsTokenDisplayName(name))
                    return false;
                displayName = name.ToString();
            }
            else if (displayName is not null && open != 0)
            {
                return false;
            }
            var close = text.IndexOf('>');
            if (close < open)
                return false;
            uriText = text[(open + 1)..close];
            rest = text[(close + 1)..];
        }
        else
        {
            var semicolon = text.IndexOf(';');
            uriText = SipCharacters.TrimWhitespace(semicolon < 0 ? text : text[..semicolon]);
            rest = semicolon < 0 ? [] : text[semicolon..];
            if (uriText.IndexOfAny(',', '?') >= 0)
                return false;
        }
        if (!SipUri.TryParse(uriText, out var uri) ||
            !SipParameters.TryParse(rest, ';', allowQuoted: true, out var parameters))
            return false;
        value = new SipNameAddress { DisplayName = displayName, Uri = uri, Parameters = parameters };
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder(96);
        if (DisplayName is not null)
            builder.Append(SipQuoting.Quote(DisplayName)).Append(' ');
        builder.Append('<').Append(Uri.ToString()).Append('>');
        Parameters.WriteTo(builder, ';');
        return builder.ToString();
    }

    private static bool IsTokenDisplayName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!SipCharacters.IsToken(c) && !SipCharacters.IsWhitespace(c))
                return false;
        }
        return true;
    }
}
