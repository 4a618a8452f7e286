using System.Globalization;

namespace Siprec.Sip.Sdp;

/// <summary>Reads SDP lines into an <see cref="SdpSessionDescription"/>, leniently where real equipment deviates.</summary>
internal static class SdpParser
{
    public static SdpSessionDescription Parse(string text)
    {
        SdpSessionDescription? session = null;
        SdpMediaDescription? media = null;
        var sawVersion = false;
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.TrimEnd(" \t\r\0");
            if (line.IsEmpty)
                continue;
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetter(line[0]))
                throw new SdpParseException($"expected '<type>=<value>' but found '{Shorten(line)}'.", lineNumber);
            var type = line[0];
            var value = line[2..];
            if (!sawVersion)
            {
                if (type != 'v')
                    throw new SdpParseException("the description must start with v=.", lineNumber);
                if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != 0)
                    throw new SdpParseException($"unsupported version '{Shorten(value)}'.", lineNumber);
                sawVersion = true;
                continue;
            }
            if (session is null)
            {
                if (type != 'o')
                    throw new SdpParseException("the o= line must follow v=.", lineNumber);
                session = new SdpSessionDescription(ParseOrigin(value, lineNumber));
                continue;
            }
            switch (type)
            {
                case 'm':
                    media = ParseMedia(value, lineNumber);
                    session.Media.Add(media);
                    break;
                case 'c' when media is not null:
                    media.Connection = ParseConnection(value, lineNumber);
                    break;
                case 'c':
                    session.Connection = ParseConnection(value, lineNumber);
                    break;
                case 'b':
                    (media?.Bandwidths ?? session.Bandwidths).Add(ParseBandwidth(value, lineNumber));
                    break;
                case 'a':
                    (media?.Attributes ?? session.Attributes).Add(ParseAttribute(value, lineNumber));
                    break;
                case 'i' when media is not null:
                    media.Information = value.ToString();
                    break;
                case 'i':
                    session.Information = value.ToString();
                    break;
                case 's' when media is null:
                    session.SessionName = value.ToString();
                    break;
                case 't' when media is null:
                    session.Timings.Add(ParseTiming(value, lineNumber));
                    break;
                case 'v' or 'o':
                    throw new SdpParseException($"a second {type}= line.", lineNumber);
                default:
                    (media?.OtherLines ?? session.OtherLines).Add(new SdpLine(type, value.ToString()));
                    break;
            }
        }
        if (!sawVersion)
            throw new SdpParseException("the description is empty.", 0);
        return session ?? throw new SdpParseException("the o= line is missing.", 0);
    }

    private static SdpOrigin ParseOrigin(ReadOnlySpan<char> value, int lineNumber)
    {
        var parts = Split(value);
        if (parts.Length != 6)
            throw new SdpParseException($"o= needs 6 fields but has {parts.Length}.", lineNumber);
        if (!ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sessionVersion))
            throw new SdpParseException($"o= session version '{parts[2]}' is not a number.", lineNumber);
        return new SdpOrigin(parts[0], parts[1], sessionVersion, parts[5], parts[4], parts[3]);
    }

    private static SdpConnection ParseConnection(ReadOnlySpan<char> value, int lineNumber)
    {
        var parts = Split(value);
        if (parts.Length != 3)
            throw new SdpParseException($"c= needs 3 fields but has {parts.Length}.", lineNumber);
        return new SdpConnection(parts[2], parts[1], parts[0]);
    }

    private static SdpBandwidth ParseBandwidth(ReadOnlySpan<char> value, int lineNumber)
    {
        var colon = value.IndexOf(':');
        if (colon <= 0 || !long.TryParse(value[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            throw new SdpParseException($"b= must be '<type>:<number>' but is '{Shorten(value)}'.", lineNumber);
        return new SdpBandwidth(value[..colon].Trim().ToString(), amount);
    }

    private static SdpTiming ParseTiming(ReadOnlySpan<char> value, int lineNumber)
    {
        var parts = Split(value);
        if (parts.Length != 2 ||
            !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ||
            !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var stop))
            throw new SdpParseException($"t= must be '<start> <stop>' but is '{Shorten(value)}'.", lineNumber);
        return new SdpTiming(start, stop);
    }

    private static SdpAttribute ParseAttribute(ReadOnlySpan<char> value, int lineNumber)
    {
        var colon = value.IndexOf(':');
        var name = (colon < 0 ? value : value[..colon]).Trim();
        if (name.IsEmpty)
            throw new SdpParseException("a= has no attribute name.", lineNumber);
        return new SdpAttribute(name.ToString(), colon < 0 ? null : value[(colon + 1)..].ToString());
    }

    private static SdpMediaDescription ParseMedia(ReadOnlySpan<char> value, int lineNumber)
    {
        var parts = Split(value);
        if (parts.Length < 3)
            throw new SdpParseException($"m= needs '<media> <port> <proto> <fmt> ...' but is '{Shorten(value)}'.", lineNumber);
        var portText = parts[1].AsSpan();
        var slash = portText.IndexOf('/');
        int? count = null;
        if (slash >= 0)
        {
            if (!int.TryParse(portText[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var portCount))
                throw new SdpParseException($"m= port count '{parts[1]}' is not a number.", lineNumber);
            count = portCount;
            portText = portText[..slash];
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new SdpParseException($"m= port '{parts[1]}' is not a port number.", lineNumber);
        return new SdpMediaDescription(parts[0], port, parts[2], parts[3..]) { PortCount = count };
    }

    private static string[] Split(ReadOnlySpan<char> value) =>
        value.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static string Shorten(ReadOnlySpan<char> value) => value.Length <= 40 ? value.ToString() : string.Concat(value[..40], "...");
}
