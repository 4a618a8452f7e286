using System.Globalization;
using System.Text;

namespace Siprec.Sip.Sdp;

/// <summary>One <c>m=</c> section with its lines. Helpers read the attributes on each access and fall back to session level where RFC 4566 says so.</summary>
public sealed class SdpMediaDescription
{
    /// <summary>Creates a media description, e.g. <c>new("audio", 10000, "RTP/AVP", ["0", "101"])</c>.</summary>
    public SdpMediaDescription(string media, int port, string protocol, IEnumerable<string> formats)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
        Formats = [.. formats];
    }

    /// <summary>The session this description belongs to (set when added to <see cref="SdpSessionDescription.Media"/>).</summary>
    public SdpSessionDescription? Session { get; internal set; }

    /// <summary>The media type: audio, video, application, ...</summary>
    public string Media { get; set; }

    /// <summary>The transport port (0 for a rejected or disabled stream).</summary>
    public int Port { get; set; }

    /// <summary>The <c>/count</c> after the port, or null.</summary>
    public int? PortCount { get; set; }

    /// <summary>The transport protocol: RTP/AVP, RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVP, ...</summary>
    public string Protocol { get; set; }

    /// <summary>The formats (RTP payload types as strings), in preference order.</summary>
    public List<string> Formats { get; }

    /// <summary>The <c>i=</c> media title, or null.</summary>
    public string? Information { get; set; }

    /// <summary>The media-level <c>c=</c>, or null.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>The <c>b=</c> lines.</summary>
    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>Other lines kept as text (<c>k=</c>, unknown types), written before the attributes.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    /// <summary>The <c>a=</c> lines, in order.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The media-level direction, else the session-level one, else sendrecv; setting writes a media-level attribute.</summary>
    public SdpDirection Direction
    {
        get => SdpAttributeQueries.Direction(Attributes) ?? Session?.Direction ?? SdpDirection.SendRecv;
        set => SdpAttributeQueries.SetDirection(Attributes, value);
    }

    /// <summary>The <c>a=label</c> value (RFC 4574), which SIPREC uses to tie streams to metadata; null when absent.</summary>
    public string? Label => GetAttribute("label");

    /// <summary>The media-level connection, else the session-level one, else null.</summary>
    public SdpConnection? EffectiveConnection => Connection ?? Session?.Connection;

    /// <summary>The <c>a=ptime</c> in milliseconds, or null when absent or not a number.</summary>
    public int? Ptime => int.TryParse(GetAttribute("ptime"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : null;

    /// <summary>The valid <c>a=rtpmap</c> attributes, in order.</summary>
    public IReadOnlyList<SdpRtpMap> RtpMaps => Parse<SdpRtpMap>("rtpmap", SdpRtpMap.TryParse);

    /// <summary>The valid <c>a=fmtp</c> attributes, in order.</summary>
    public IReadOnlyList<SdpFmtp> Fmtps => Parse<SdpFmtp>("fmtp", SdpFmtp.TryParse);

    /// <summary>The valid <c>a=crypto</c> attributes, in order.</summary>
    public IReadOnlyList<SdpCrypto> Cryptos => Parse<SdpCrypto>("crypto", SdpCrypto.TryParse);

    /// <summary>The value of the first attribute named <paramref name="name"/> (empty for a valueless one), or null.</summary>
    public string? GetAttribute(string name) => SdpAttributeQueries.Find(Attributes, name) is { } a ? a.Value ?? string.Empty : null;

    /// <summary>The values of every attribute named <paramref name="name"/>.</summary>
    public IReadOnlyList<string> GetAttributes(string name) => SdpAttributeQueries.Values(Attributes, name);

    /// <summary>The rtpmap for <paramref name="payloadType"/>, or null (static payload types have none unless written).</summary>
    public SdpRtpMap? FindRtpMap(int payloadType) => RtpMaps.FirstOrDefault(m => m.PayloadType == payloadType);

    /// <summary>Writes the <c>m=</c> line and the lines of this section in RFC 4566 order.</summary>
    public void WriteTo(StringBuilder builder)
    {
        builder.Append("m=").Append(Media).Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture));
        if (PortCount is { } count)
            builder.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        builder.Append(' ').Append(Protocol);
        foreach (var format in Formats)
            builder.Append(' ').Append(format);
        builder.Append("\r\n");
        if (Information is not null)
            builder.Append("i=").Append(Information).Append("\r\n");
        if (Connection is not null)
            builder.Append("c=").Append(Connection).Append("\r\n");
        foreach (var bandwidth in Bandwidths)
            builder.Append("b=").Append(bandwidth).Append("\r\n");
        foreach (var line in OtherLines)
            builder.Append(line).Append("\r\n");
        foreach (var attribute in Attributes)
            builder.Append("a=").Append(attribute).Append("\r\n");
    }

    private delegate bool TryParser<T>(string value, out T? result);

    private List<T> Parse<T>(string name, TryParser<T> parse)
        where T : class
    {
        var result = new List<T>();
        foreach (var attribute in Attributes)
        {
            if (attribute.Value is not null && string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase) &&
                parse(attribute.Value, out var parsed) && parsed is not null)
                result.Add(parsed);
        }
        return result;
    }
}
