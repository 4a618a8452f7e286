namespace Siprec.Sip.Sdp;

/// <summary>An <c>a=fmtp:format parameters</c> attribute, e.g. <c>101 0-16</c> or <c>111 minptime=10;useinbandfec=1</c>.</summary>
public sealed record SdpFmtp(string Format, string Parameters)
{
    /// <summary>Parses the attribute value; false when there is no format.</summary>
    public static bool TryParse(string value, out SdpFmtp? fmtp)
    {
        var span = value.AsSpan().Trim();
        var space = span.IndexOfAny(' ', '\t');
        var format = space < 0 ? span : span[..space];
        fmtp = format.IsEmpty ? null : new SdpFmtp(format.ToString(), space < 0 ? string.Empty : span[(space + 1)..].Trim().ToString());
        return fmtp is not null;
    }

    /// <summary>The <c>name=value</c> pairs of <see cref="Parameters"/> split on <c>;</c> (names without a value map to empty).</summary>
    public IReadOnlyDictionary<string, string> ParameterMap()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in Parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            map[equals < 0 ? item : item[..equals].Trim()] = equals < 0 ? string.Empty : item[(equals + 1)..].Trim();
        }
        return map;
    }

    /// <inheritdoc/>
    public override string ToString() => Parameters.Length == 0 ? Format : string.Concat(Format, " ", Parameters);
}
