using System.Globalization;

namespace Siprec.Sip.Sdp;

/// <summary>An SDES <c>a=crypto:tag suite key-params [session-params]</c> attribute (RFC 4568).</summary>
public sealed record SdpCrypto(int Tag, string Suite, string KeyParams, string? SessionParams = null)
{
    /// <summary>The base64 key||salt of the first <c>inline:</c> key parameter, or null.</summary>
    public string? InlineKey => InlinePart(0);

    /// <summary>The lifetime of the first inline key (e.g. <c>2^31</c>), or null.</summary>
    public string? Lifetime
    {
        get
        {
            var lifetime = InlinePart(1);
            return lifetime is not null && !lifetime.Contains(':', StringComparison.Ordinal) ? lifetime : null;
        }
    }

    /// <summary>The <c>MKI:length</c> of the first inline key, or null.</summary>
    public string? Mki
    {
        get
        {
            for (var i = 1; i <= 2; i++)
            {
                if (InlinePart(i) is { } part && part.Contains(':', StringComparison.Ordinal))
                    return part;
            }
            return null;
        }
    }

    /// <summary>Parses the attribute value; false when the tag, suite or key parameters are missing.</summary>
    public static bool TryParse(string value, out SdpCrypto? crypto)
    {
        crypto = null;
        var parts = value.Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tag))
            return false;
        crypto = new SdpCrypto(tag, parts[1], parts[2], parts.Length == 4 ? parts[3] : null);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Tag} {Suite} {KeyParams}");
        return SessionParams is null ? text : string.Concat(text, " ", SessionParams);
    }

    private string? InlinePart(int index)
    {
        var first = KeyParams.Split(';')[0];
        if (!first.StartsWith("inline:", StringComparison.OrdinalIgnoreCase))
            return null;
        var pieces = first["inline:".Length..].Split('|');
        return index < pieces.Length && pieces[index].Length > 0 ? pieces[index] : null;
    }
}
