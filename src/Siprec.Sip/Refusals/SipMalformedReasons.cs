using System.Collections.Frozen;
using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Refusals;

/// <summary>The fixed labels malformed messages are counted under: one per <see cref="SipParseError"/>, in snake case.</summary>
internal static class SipMalformedReasons
{
    /// <summary>A request that parsed but lacks a header RFC 3261 requires.</summary>
    public const string MissingHeader = "missing_required_header";

    /// <summary>A message on a stream, or a datagram, longer than the configured maximum message size.</summary>
    public const string MessageTooLarge = "message_too_large";

    /// <summary>A TLS connection whose handshake failed: not TLS, no shared protocol or cipher, or closed during it.</summary>
    public const string TlsHandshakeFailed = "tls_handshake_failed";

    /// <summary>A TLS connection whose handshake did not finish within the handshake timeout.</summary>
    public const string TlsHandshakeTimeout = "tls_handshake_timeout";

    private static readonly FrozenDictionary<SipParseError, string> Labels =
        Enum.GetValues<SipParseError>().ToFrozenDictionary(e => e, e => SnakeCase(e.ToString()));

    /// <summary>The label of <paramref name="error"/>.</summary>
    public static string Of(SipParseError error) => Labels.TryGetValue(error, out var label) ? label : "other";

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && char.IsLower(name[i - 1]))
                text.Append('_');
            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
