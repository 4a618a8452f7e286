using System.Diagnostics.CodeAnalysis;
using System.Text;
using Siprec.Sip.Grammar;

namespace Siprec.Sip.Headers;

/// <summary>A Content-Type value (RFC 3261 §20.15): <c>type/subtype;param=value</c>.</summary>
public sealed record SipContentType
{
    /// <summary>The top-level type, e.g. <c>application</c> or <c>multipart</c>, as written.</summary>
    public required string Type { get; init; }

    /// <summary>The subtype, e.g. <c>sdp</c>, <c>mixed</c>, <c>rs-metadata+xml</c>, as written.</summary>
    public required string SubType { get; init; }

    /// <summary>The parameters, in order (values unquoted).</summary>
    public SipParameters Parameters { get; init; } = SipParameters.Empty;

    /// <summary><c>type/subtype</c> in lower case.</summary>
    public string MediaType => string.Concat(Type, "/", SubType).ToLowerInvariant();

    /// <summary>The <c>boundary</c> parameter (unquoted), or null.</summary>
    public string? Boundary => Parameters.Get("boundary");

    /// <summary>True when the media type equals <paramref name="mediaType"/> (<c>type/subtype</c>), ignoring case.</summary>
    public bool Is(string mediaType) =>
        mediaType.Length == Type.Length + 1 + SubType.Length &&
        mediaType.StartsWith(Type, StringComparison.OrdinalIgnoreCase) &&
        mediaType[Type.Length] == '/' &&
        mediaType.EndsWith(SubType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a Content-Type value; throws <see cref="FormatException"/> when it is not valid.</summary>
    public static SipContentType Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"Invalid Content-Type '{text}'.");

    /// <summary>Parses a Content-Type value without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipContentType? value)
    {
        value = null;
        text = SipCharacters.TrimWhitespace(text);
        var slash = text.IndexOf('/');
        if (slash <= 0)
            return false;
        var type = SipCharacters.TrimWhitespace(text[..slash]);
        var rest = text[(slash + 1)..];
        var semicolon = SipQuoting.IndexOfUnquoted(rest, ';');
        if (semicolon == -2)
            return false;
        var subType = SipCharacters.TrimWhitespace(semicolon < 0 ? rest : rest[..semicolon]);
        if (!SipCharacters.IsToken(type) || !SipCharacters.IsToken(subType) ||
            !SipParameters.TryParse(semicolon < 0 ? [] : rest[semicolon..], ';', allowQuoted: true, out var parameters))
            return false;
        value = new SipContentType { Type = type.ToString(), SubType = subType.ToString(), Parameters = parameters };
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder(64);
        builder.Append(Type).Append('/').Append(SubType);
        Parameters.WriteTo(builder, ';');
        return builder.ToString();
    }
}
