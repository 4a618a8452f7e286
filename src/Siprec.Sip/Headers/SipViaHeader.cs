using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Siprec.Sip.Grammar;

namespace Siprec.Sip.Headers;

/// <summary>One Via header value (RFC 3261 §20.42, RFC 3581 rport): <c>SIP/2.0/UDP host:port;branch=...</c>.</summary>
public sealed record SipViaHeader
{
    /// <summary>The protocol name and version, normally <c>SIP/2.0</c>.</summary>
    public string Protocol { get; init; } = "SIP/2.0";

    /// <summary>The transport in upper case: UDP, TCP, TLS, SCTP, WS, WSS or another token.</summary>
    public required string Transport { get; init; }

    /// <summary>The sent-by host.</summary>
    public required string Host { get; init; }

    /// <summary>The sent-by port, or null when not written.</summary>
    public int? Port { get; init; }

    /// <summary>All parameters, in order.</summary>
    public SipParameters Parameters { get; init; } = SipParameters.Empty;

    /// <summary>The <c>branch</c> parameter, or null.</summary>
    public string? Branch => Parameters.Get("branch");

    /// <summary>The <c>received</c> parameter, or null.</summary>
    public string? Received => Parameters.Get("received");

    /// <summary>True when an <c>rport</c> parameter is present, with or without a value.</summary>
    public bool HasRport => Parameters.Contains("rport");

    /// <summary>The <c>rport</c> value when present and numeric, else null.</summary>
    public int? Rport =>
        int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    /// <summary>A copy with the <c>received</c> parameter set.</summary>
    public SipViaHeader WithReceived(string address) => this with { Parameters = Parameters.With("received", address) };

    /// <summary>A copy with the <c>rport</c> parameter set to <paramref name="port"/>.</summary>
    public SipViaHeader WithRport(int port) =>
        this with { Parameters = Parameters.With("rport", port.ToString(CultureInfo.InvariantCulture)) };

    /// <summary>Parses one Via value; throws <see cref="FormatException"/> when it is not valid.</summary>
    public static SipViaHeader Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"Invalid Via '{text}'.");

    /// <summary>Parses one Via value (not a comma-separated list) without throwing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipViaHeader? value)
    {
        value = null;
        text = SipCharacters.TrimWhitespace(text);
        if (!TryReadProtocolPart(ref text, out var name) || !TryReadSlash(ref text) ||
            !TryReadProtocolPart(ref text, out var version) || !TryReadSlash(ref text) ||
            !TryReadProtocolPart(ref text, out var transport))
            return false;
        text = SipCharacters.TrimWhitespace(text);
        var semicolon = SipQuoting.IndexOfUnquoted(text, ';');
        if (semicolon == -2)
            return false;
        var hostPort = SipCharacters.TrimWhitespace(semicolon < 0 ? text : text[..semicolon]);
        var paramText = semicolon < 0 ? [] : text[semicolon..];
        if (!SipUri.TrySplitHostPort(RemoveColonWhitespace(hostPort), out var host, out var port) ||
            !SipParameters.TryParse(paramText, ';', allowQuoted: true, out var parameters))
            return false;
        var branch = parameters.Find("branch");
        if (branch is not null && string.IsNullOrEmpty(branch.Value))
            return false;
        value = new SipViaHeader
        {
            Protocol = string.Concat(name, "/", version),
            Transport = transport.ToString().ToUpperInvariant(),
            Host = host,
            Port = port,
            Parameters = parameters,
        };
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder(96);
        builder.Append(Protocol).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is { } port)
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        Parameters.WriteTo(builder, ';');
        return builder.ToString();
    }

    private static bool TryReadProtocolPart(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> part)
    {
        text = SipCharacters.TrimWhitespace(text);
        var end = 0;
        while (end < text.Length && SipCharacters.IsToken(text[end]))
            end++;
        part = text[..end];
        text = text[end..];
        return end > 0;
    }

    private static bool TryReadSlash(ref ReadOnlySpan<char> text)
    {
        text = SipCharacters.TrimWhitespace(text);
        if (text.IsEmpty || text[0] != '/')
            return false;
        text = text[1..];
        return true;
    }

    private static ReadOnlySpan<char> RemoveColonWhitespace(ReadOnlySpan<char> hostPort)
    {
        // sent-by allows LWS around the port colon (COLON = SWS ":" SWS); anything else with whitespace stays invalid.
        if (hostPort.IndexOfAny(' ', '\t') < 0)
            return hostPort;
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0 || hostPort[colon..].IndexOf(']') >= 0)
            return hostPort;
        return string.Concat(SipCharacters.TrimWhitespace(hostPort[..colon]), ":", SipCharacters.TrimWhitespace(hostPort[(colon + 1)..]));
    }
}
