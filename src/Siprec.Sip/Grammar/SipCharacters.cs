namespace Siprec.Sip.Grammar;

/// <summary>Character classes of the RFC 3261 §25 grammar, for bytes and chars.</summary>
internal static class SipCharacters
{
    /// <summary>True for an RFC 3261 token character: alphanumeric or one of <c>-.!%*_+`'~</c>.</summary>
    public static bool IsToken(int c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    /// <summary>True for a space or horizontal tab.</summary>
    public static bool IsWhitespace(int c) => c is ' ' or '\t';

    /// <summary>True when every character of <paramref name="value"/> is a token character and it is not empty.</summary>
    public static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
            return false;
        foreach (var c in value)
        {
            if (!IsToken(c))
                return false;
        }
        return true;
    }

    /// <summary>True when every byte of <paramref name="value"/> is a token character and it is not empty.</summary>
    public static bool IsToken(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
            return false;
        foreach (var c in value)
        {
            if (!IsToken(c))
                return false;
        }
        return true;
    }

    /// <summary>True for a character allowed in a host name or IPv4 address; '_' is tolerated because real equipment uses it.</summary>
    public static bool IsHostName(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.' or '_';

    /// <summary>True for a character allowed inside a bracketed IPv6 reference.</summary>
    public static bool IsIpv6(char c) => c is (>= 'a' and <= 'f') or (>= 'A' and <= 'F') or (>= '0' and <= '9') or ':' or '.';

    /// <summary>True for ASCII digits.</summary>
    public static bool IsDigit(int c) => c is >= '0' and <= '9';

    /// <summary>Trims spaces and tabs from both ends.</summary>
    public static ReadOnlySpan<char> TrimWhitespace(ReadOnlySpan<char> value) => value.Trim(" \t");

    /// <summary>Trims spaces and tabs from both ends.</summary>
    public static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);
}
