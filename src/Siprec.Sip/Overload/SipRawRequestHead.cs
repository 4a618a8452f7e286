using System.Text;
using Siprec.Sip.Transactions;
using Siprec.Sip.Transport;

namespace Siprec.Sip.Overload;

/// <summary>
/// What an overloaded server reads of a request before deciding to parse it: the method, the top Via's branch and
/// sent-by (the transaction key, RFC 3261 §17.2.3), whether the To header has a tag and whether the message is plain
/// enough to refuse from its raw lines. Slices of the received datagram; nothing is copied until a key is asked for.
/// </summary>
internal readonly ref struct SipRawRequestHead
{
    private readonly ReadOnlySpan<byte> _branch;
    private readonly ReadOnlySpan<byte> _sentByHost;
    private readonly int _sentByPort;
    private readonly bool _hasRport;

    private SipRawRequestHead(ReadOnlySpan<byte> method, ReadOnlySpan<byte> branch, ReadOnlySpan<byte> sentByHost, int sentByPort, bool hasRport, bool hasToTag, bool isPlain)
    {
        _hasRport = hasRport;
        Method = method;
        _branch = branch;
        _sentByHost = sentByHost;
        _sentByPort = sentByPort;
        HasToTag = hasToTag;
        IsPlain = isPlain;
    }

    /// <summary>The request line's method, as sent.</summary>
    public ReadOnlySpan<byte> Method { get; }

    /// <summary>True when the To header carries a tag: the request belongs to a dialog.</summary>
    public bool HasToTag { get; }

    /// <summary>
    /// True when one Via, From, To, Call-ID and a CSeq naming the request's method are all present, the top Via has
    /// no <c>maddr</c>, there is no Route and Max-Forwards is not 0: a request the full path would not answer otherwise.
    /// </summary>
    public bool IsPlain { get; }

    /// <summary>Reads the head of <paramref name="raw"/>; false when it is not a request with an RFC 3261 branch in its top Via.</summary>
    public static bool TryRead(ReadOnlySpan<byte> raw, out SipRawRequestHead head)
    {
        head = default;
        if (!SipRawHeaderLines.TrySplit(raw, out var requestLine, out var lines))
        {
            return false;
        }

        var space = requestLine.IndexOf((byte)' ');
        if (space <= 0 || requestLine.StartsWith("SIP/"u8) || !requestLine.EndsWith("SIP/2.0"u8))
        {
            return false;
        }

        var method = requestLine[..space];
        ReadOnlySpan<byte> topVia = default;
        var vias = 0;
        bool from = false, to = false, toTag = false, callId = false, cseqMatches = false, route = false, maxForwardsZero = false;
        foreach (var line in lines)
        {
            if (!line.HasName || line.IsContinuation)
            {
                // A folded continuation line: its header cannot be judged from one line.
                return false;
            }

            var value = line.Value;
            if (line.Is("Via"u8, (byte)'v'))
            {
                vias += value.Count((byte)',') + 1;
                if (topVia.IsEmpty)
                {
                    var comma = value.IndexOf((byte)',');
                    topVia = comma < 0 ? value : value[..comma];
                }
            }
            else if (line.Is("From"u8, (byte)'f'))
            {
                from = true;
            }
            else if (line.Is("To"u8, (byte)'t'))
            {
                to = true;
                toTag = HasParameter(value, "tag"u8);
            }
            else if (line.Is("Call-ID"u8, (byte)'i'))
            {
                callId = !value.IsEmpty;
            }
            else if (line.Is("CSeq"u8, 0))
            {
                var cseqSpace = value.IndexOf((byte)' ');
                cseqMatches = cseqSpace > 0 && value[(cseqSpace + 1)..].Trim(" \t"u8).SequenceEqual(method);
            }
            else if (line.Is("Route"u8, 0))
            {
                route = true;
            }
            else if (line.Is("Max-Forwards"u8, 0))
            {
                maxForwardsZero = value.SequenceEqual("0"u8);
            }
        }

        if (!TryReadVia(topVia, out var branch, out var host, out var port, out var maddr, out var rport))
        {
            return false;
        }

        var plain = vias == 1 && from && to && callId && cseqMatches && !route && !maxForwardsZero && !maddr;
        head = new SipRawRequestHead(method, branch, host, port, rport, toTag, plain);
        return true;
    }

    /// <summary>True when the method is <paramref name="method"/> (method names are case-sensitive, RFC 3261 §7.1).</summary>
    public bool IsMethod(ReadOnlySpan<byte> method) => Method.SequenceEqual(method);

    /// <summary>The key of the server transaction this request belongs to as a request of <paramref name="method"/>; equal to the parsed request's.</summary>
    public SipTransactionKey KeyFor(string method)
    {
        var host = Encoding.ASCII.GetString(_sentByHost).ToLowerInvariant();
        var port = _sentByPort >= 0 ? _sentByPort : 5060;
        return new SipTransactionKey(Encoding.ASCII.GetString(_branch), string.Concat(host, ":", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), method);
    }

    /// <summary>
    /// Where responses go (RFC 3261 §18.2.2, RFC 3581): on a stream its peer; on UDP the source address, at the source
    /// port when the Via asks for <c>rport</c>, else at the sent-by port. As the parsed path decides for a Via without maddr.
    /// </summary>
    public System.Net.IPEndPoint ResponseDestination(bool reliable, System.Net.IPEndPoint source)
    {
        if (reliable || _hasRport)
        {
            return source;
        }

        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        return new System.Net.IPEndPoint(address, _sentByPort >= 0 ? _sentByPort : 5060);
    }

    // Only UDP and TCP Vias: their default port is 5060, as the parsed key's would be; anything else goes the full way.
    private static bool TryReadVia(ReadOnlySpan<byte> via, out ReadOnlySpan<byte> branch, out ReadOnlySpan<byte> host, out int port, out bool maddr, out bool rport)
    {
        rport = false;
        branch = default;
        host = default;
        port = -1;
        maddr = false;
        if (!via.StartsWith("SIP/2.0/UDP "u8) && !via.StartsWith("SIP/2.0/TCP "u8))
        {
            return false;
        }

        var afterProtocol = via["SIP/2.0/UDP "u8.Length..].TrimStart(" \t"u8);
        var semicolon = afterProtocol.IndexOf((byte)';');
        var sentBy = (semicolon < 0 ? afterProtocol : afterProtocol[..semicolon]).TrimEnd(" \t"u8);
        var parameters = semicolon < 0 ? default : afterProtocol[semicolon..];
        if (sentBy.IsEmpty || sentBy[0] == (byte)'[')
        {
            return false;
        }

        var colon = sentBy.IndexOf((byte)':');
        host = colon < 0 ? sentBy : sentBy[..colon];
        if (colon >= 0 && !TryReadPort(sentBy[(colon + 1)..], out port))
        {
            return false;
        }

        maddr = HasParameter(parameters, "maddr"u8);
        rport = HasParameter(parameters, "rport"u8);
        branch = ParameterValue(parameters, "branch"u8);
        return branch.StartsWith("z9hG4bK"u8) && !host.IsEmpty;
    }

    private static bool TryReadPort(ReadOnlySpan<byte> text, out int port)
    {
        port = 0;
        if (text.IsEmpty || text.Length > 5)
        {
            return false;
        }

        foreach (var digit in text)
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                return false;
            }

            port = (port * 10) + (digit - '0');
        }

        return port is > 0 and <= 65535;
    }

    private static bool HasParameter(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name) => FindParameter(value, name) >= 0;

    private static ReadOnlySpan<byte> ParameterValue(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        var at = FindParameter(value, name);
        if (at < 0)
        {
            return default;
        }

        var rest = value[at..];
        if (rest.IsEmpty || rest[0] != (byte)'=')
        {
            return default;
        }

        rest = rest[1..];
        var end = rest.IndexOfAny(";, \t>"u8);
        return end < 0 ? rest : rest[..end];
    }

    // The offset just after ";name" (followed by '=', ';', ',', blank or the end), or -1.
    private static int FindParameter(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        var offset = 0;
        while (true)
        {
            var semicolon = value[offset..].IndexOf((byte)';');
            if (semicolon < 0)
            {
                return -1;
            }

            var start = offset + semicolon + 1;
            var candidate = value[start..].TrimStart(" \t"u8);
            var skipped = value.Length - start - candidate.Length;
            if (candidate.Length >= name.Length && Ascii.EqualsIgnoreCase(candidate[..name.Length], name)
                && (candidate.Length == name.Length || candidate[name.Length] is (byte)'=' or (byte)';' or (byte)',' or (byte)' ' or (byte)'\t' or (byte)'>'))
            {
                return start + skipped + name.Length;
            }

            offset = start;
        }
    }
}
