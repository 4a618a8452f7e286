using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Siprec.Sip.Grammar;

namespace Siprec.Sip.Headers;

/// <summary>
/// A SIP or SIPS URI (RFC 3261 §19.1) split into its parts; other schemes (tel, urn, ...) keep their text in <see cref="Opaque"/>.
/// User and password are kept as written (still %-escaped); <see cref="ToString"/> writes the URI back.
/// </summary>
public sealed record SipUri
{
    /// <summary>The scheme in lower case, e.g. <c>sip</c>, <c>sips</c>, <c>tel</c>.</summary>
    public required string Scheme { get; init; }

    /// <summary>The user part as written (escaped), or null.</summary>
    public string? User { get; init; }

    /// <summary>The password as written, or null.</summary>
    public string? Password { get; init; }

    /// <summary>The host: a name, an IPv4 address or a bracketed IPv6 reference; empty for non-SIP schemes.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>The port, or null when not written.</summary>
    public int? Port { get; init; }

    /// <summary>The <c>;name=value</c> URI parameters, in order.</summary>
    public SipParameters Parameters { get; init; } = SipParameters.Empty;

    /// <summary>The <c>?name=value&amp;...</c> URI headers, in order.</summary>
    public SipParameters Headers { get; init; } = SipParameters.Empty;

    /// <summary>For schemes other than sip/sips: everything after <c>scheme:</c>; null for SIP URIs.</summary>
    public string? Opaque { get; init; }

    /// <summary>True for the sip and sips schemes.</summary>
    public bool IsSip => Opaque is null;

    /// <summary>The <c>transport</c> parameter, or null.</summary>
    public string? Transport => Parameters.Get("transport");

    /// <summary>Creates a <c>sip:</c> URI for <paramref name="host"/> with optional user and port.</summary>
    public static SipUri Create(string host, string? user = null, int? port = null, string scheme = "sip") =>
        new() { Scheme = scheme, Host = host, User = user, Port = port };

    /// <summary>Parses a URI; throws <see cref="FormatException"/> when it is not valid.</summary>
    public static SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"Invalid SIP URI '{text}'.");

    /// <summary>Parses a URI without throwing; false when it is not valid (whitespace, brackets, bad host or port...).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        var colon = text.IndexOf(':');
        if (colon <= 0 || !IsScheme(text[..colon]))
            return false;
        foreach (var c in text)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '\u007f')
                return false;
        }
        var scheme = text[..colon].ToString().ToLowerInvariant();
        var rest = text[(colon + 1)..];
        if (scheme is not ("sip" or "sips"))
        {
            if (rest.IsEmpty)
                return false;
            uri = new SipUri { Scheme = scheme, Opaque = rest.ToString() };
            return true;
        }

        string? user = null;
        string? password = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var passwordColon = userInfo.IndexOf(':');
            var userPart = passwordColon < 0 ? userInfo : userInfo[..passwordColon];
            if (userPart.IsEmpty || !IsValidEscaping(userInfo))
                return false;
            user = userPart.ToString();
            if (passwordColon >= 0)
                password = userInfo[(passwordColon + 1)..].ToString();
        }

        var headers = SipParameters.Empty;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            if (!IsValidEscaping(rest[(question + 1)..]) ||
                !SipParameters.TryParse(string.Concat("&", rest[(question + 1)..]), '&', allowQuoted: false, out headers))
                return false;
            rest = rest[..question];
        }

        var parameters = SipParameters.Empty;
        var semicolon = rest.IndexOf(';');
        if (semicolon >= 0)
        {
            if (!IsValidEscaping(rest[semicolon..]) || !SipParameters.TryParse(rest[semicolon..], ';', allowQuoted: false, out parameters))
                return false;
            rest = rest[..semicolon];
        }

        if (!TrySplitHostPort(rest, out var host, out var port))
            return false;
        uri = new SipUri
        {
            Scheme = scheme,
            User = user,
            Password = password,
            Host = host,
            Port = port,
            Parameters = parameters,
            Headers = headers,
        };
        return true;
    }

    /// <summary>Splits <c>host[:port]</c>, validating the host characters and the port range.</summary>
    internal static bool TrySplitHostPort(ReadOnlySpan<char> hostPort, out string host, out int? port)
    {
        host = string.Empty;
        port = null;
        ReadOnlySpan<char> hostSpan;
        ReadOnlySpan<char> portSpan = [];
        if (!hostPort.IsEmpty && hostPort[0] == '[')
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
                return false;
            hostSpan = hostPort[..(close + 1)];
            foreach (var c in hostSpan[1..^1])
            {
                if (!SipCharacters.IsIpv6(c))
                    return false;
            }
            var after = hostPort[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                    return false;
                portSpan = after[1..];
                if (portSpan.IsEmpty)
                    return false;
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            hostSpan = colon < 0 ? hostPort : hostPort[..colon];
            if (colon >= 0)
            {
                portSpan = hostPort[(colon + 1)..];
                if (portSpan.IsEmpty)
                    return false;
            }
            foreach (var c in hostSpan)
            {
                if (!SipCharacters.IsHostName(c))
                    return false;
            }
        }
        if (hostSpan.IsEmpty || hostSpan.Length > 255)
            return false;
        if (!portSpan.IsEmpty)
        {
            if (portSpan.Length > 5 || !int.TryParse(portSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 65535)
                return false;
            port = value;
        }
        host = hostSpan.ToString();
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        if (Opaque is not null)
            return string.Concat(Scheme, ":", Opaque);
        var builder = new StringBuilder(64);
        builder.Append(Scheme).Append(':');
        if (User is not null)
        {
            builder.Append(User);
            if (Password is not null)
                builder.Append(':').Append(Password);
            builder.Append('@');
        }
        builder.Append(Host);
        if (Port is { } port)
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        Parameters.WriteTo(builder, ';');
        for (var i = 0; i < Headers.Count; i++)
        {
            builder.Append(i == 0 ? '?' : '&').Append(Headers[i].Name);
            if (Headers[i].Value is { } value)
                builder.Append('=').Append(value);
        }
        return builder.ToString();
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
            return false;
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
                return false;
        }
        return true;
    }

    private static bool IsValidEscaping(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
                continue;
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                return false;
            i += 2;
        }
        return true;
    }
}
