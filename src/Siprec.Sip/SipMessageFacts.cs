using Siprec.Sip.Headers;
using Siprec.Sip.Messages;
using Siprec.Sip.Transport;

namespace Siprec.Sip;

/// <summary>Reads and stamps the header facts transactions and dialogs key on.</summary>
internal static class SipMessageFacts
{
    /// <summary>The first Via, or null when there is none or it does not parse.</summary>
    public static SipViaHeader? TopVia(this SipMessage message)
    {
        var first = message.Headers.Get(SipHeaderNames.Via);
        if (first is null)
        {
            return null;
        }

        var comma = first.IndexOf(',', StringComparison.Ordinal);
        var element = comma < 0 ? first : first[..comma];
        return SipViaHeader.TryParse(element.Trim(), out var via) ? via : null;
    }

    /// <summary>The To tag, or null.</summary>
    public static string? ToTag(this SipMessage message) => message.To?.Tag;

    /// <summary>The From tag, or null.</summary>
    public static string? FromTag(this SipMessage message) => message.From?.Tag;

    /// <summary>Sets the tag on the To header.</summary>
    public static void SetToTag(this SipResponse response, string tag)
    {
        var to = response.To;
        if (to is not null)
        {
            response.Headers.ReplaceFirst(SipHeaderNames.To, to.WithTag(tag).ToString());
        }
    }

    /// <summary>Replaces the first Via with <paramref name="via"/>, keeping any further values of the same header line.</summary>
    public static void ReplaceTopVia(this SipMessage message, SipViaHeader via)
    {
        var first = message.Headers.Get(SipHeaderNames.Via);
        if (first is null)
        {
            return;
        }

        var comma = first.IndexOf(',', StringComparison.Ordinal);
        var value = comma < 0 ? via.ToString() : via + first[comma..];
        message.Headers.ReplaceFirst(SipHeaderNames.Via, value);
    }

    /// <summary>"host:port" of a Via sent-by, the port defaulted per transport (RFC 3261 §18.2.2).</summary>
    public static string SentBy(this SipViaHeader via) =>
        string.Concat(via.Host.ToLowerInvariant(), ":", (via.Port ?? DefaultPort(via.Transport)).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The port of <paramref name="uri"/>, or the default of its transport (sips, <c>transport=</c>, else the channel's).</summary>
    public static int PortOf(SipUri uri, SipTransportKind channel)
    {
        var transport = string.Equals(uri.Scheme, "sips", StringComparison.OrdinalIgnoreCase) ? "TLS" : uri.Transport ?? channel.ToString();
        return uri.Port ?? DefaultPort(transport);
    }

    /// <summary>5061 for TLS, 5060 otherwise.</summary>
    public static int DefaultPort(string transport) =>
        string.Equals(transport, "TLS", StringComparison.OrdinalIgnoreCase) ? 5061 : 5060;
}
