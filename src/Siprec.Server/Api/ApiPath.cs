namespace Siprec.Server.Api;

/// <summary>
/// Splits a raw request target into percent-decoded path segments. The raw target is used because the server
/// leaves <c>%2F</c> encoded in the decoded path, while an id may legitimately contain <c>/</c>; <c>+</c> is kept as is.
/// </summary>
public static class ApiPath
{
    /// <summary>Decodes the path part of <paramref name="rawTarget"/>; false when a segment is not valid percent-encoding or UTF-8.</summary>
    public static bool TrySplit(string rawTarget, out IReadOnlyList<string> segments)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var query = rawTarget.IndexOfAny(['?', '#']);
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            path = absolute.AbsolutePath;
        }

        var result = new List<string>();
        foreach (var raw in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryDecode(raw, out var decoded))
            {
                segments = [];
                return false;
            }

            result.Add(decoded);
        }

        segments = result;
        return true;
    }

    private static bool TryDecode(string raw, out string decoded)
    {
        decoded = raw;
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                if (raw[i] > 0x7F)
                {
                    bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(raw[i].ToString()));
                }
                else
                {
                    bytes.Add((byte)raw[i]);
                }

                continue;
            }

            if (i + 2 >= raw.Length || !Uri.IsHexDigit(raw[i + 1]) || !Uri.IsHexDigit(raw[i + 2]))
            {
                return false;
            }

            bytes.Add((byte)((Uri.FromHex(raw[i + 1]) << 4) | Uri.FromHex(raw[i + 2])));
            i += 2;
        }

        try
        {
            decoded = new System.Text.UTF8Encoding(false, true).GetString([.. bytes]);
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }
    }
}
