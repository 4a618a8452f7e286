using System.Globalization;
using System.Text;

namespace Siprec.Sip.Sdp;

/// <summary>
/// A session description (RFC 4566/8866): session-level lines and the media sections. Mutable, for reading an offer and
/// building an answer; <see cref="ToString"/> writes CRLF lines in the RFC order. Not thread-safe.
/// </summary>
public sealed class SdpSessionDescription
{
    /// <summary>Creates an empty description with origin <paramref name="origin"/>.</summary>
    public SdpSessionDescription(SdpOrigin origin)
    {
        Origin = origin;
        Media = new SdpMediaList(this);
    }

    /// <summary>The <c>v=</c> protocol version (0).</summary>
    public int Version { get; set; }

    /// <summary>The <c>o=</c> line.</summary>
    public SdpOrigin Origin { get; set; }

    /// <summary>The <c>s=</c> session name (<c>-</c> when none was given).</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>The session-level <c>i=</c>, or null.</summary>
    public string? Information { get; set; }

    /// <summary>The session-level <c>c=</c>, or null.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>The session-level <c>b=</c> lines.</summary>
    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The <c>t=</c> lines (<c>t=0 0</c> is written when empty).</summary>
    public List<SdpTiming> Timings { get; } = [];

    /// <summary>Session-level lines kept as text (<c>u= e= p= r= z= k=</c> and unknown types).</summary>
    public List<SdpLine> OtherLines { get; } = [];

    /// <summary>The session-level <c>a=</c> lines, in order.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>The media sections, in order; adding one sets its <see cref="SdpMediaDescription.Session"/>.</summary>
    public IList<SdpMediaDescription> Media { get; }

    /// <summary>The session-level direction attribute, or null when none is written.</summary>
    public SdpDirection? Direction
    {
        get => SdpAttributeQueries.Direction(Attributes);
        set
        {
            if (value is { } direction)
                SdpAttributeQueries.SetDirection(Attributes, direction);
            else
                Attributes.RemoveAll(a => a.Value is null && a.Name.ToLowerInvariant() is "sendrecv" or "sendonly" or "recvonly" or "inactive");
        }
    }

    /// <summary>The value of the first session attribute named <paramref name="name"/> (empty for a valueless one), or null.</summary>
    public string? GetAttribute(string name) => SdpAttributeQueries.Find(Attributes, name) is { } a ? a.Value ?? string.Empty : null;

    /// <summary>Parses SDP text; CRLF or LF line ends, trailing spaces and unknown lines are tolerated. Throws <see cref="SdpParseException"/>.</summary>
    public static SdpSessionDescription Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SdpParser.Parse(text);
    }

    /// <summary>Parses UTF-8 SDP bytes (e.g. a SIP body or a multipart part). Throws <see cref="SdpParseException"/>.</summary>
    public static SdpSessionDescription Parse(ReadOnlySpan<byte> utf8) => SdpParser.Parse(Encoding.UTF8.GetString(utf8));

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder(512);
        builder.Append("v=").Append(Version.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        builder.Append("o=").Append(Origin).Append("\r\n");
        builder.Append("s=").Append(SessionName.Length == 0 ? "-" : SessionName).Append("\r\n");
        if (Information is not null)
            builder.Append("i=").Append(Information).Append("\r\n");
        WriteOther(builder, "uep");
        if (Connection is not null)
            builder.Append("c=").Append(Connection).Append("\r\n");
        foreach (var bandwidth in Bandwidths)
            builder.Append("b=").Append(bandwidth).Append("\r\n");
        if (Timings.Count == 0)
            builder.Append("t=0 0\r\n");
        foreach (var timing in Timings)
            builder.Append("t=").Append(timing).Append("\r\n");
        WriteOther(builder, "rz");
        WriteOther(builder, null);
        foreach (var attribute in Attributes)
            builder.Append("a=").Append(attribute).Append("\r\n");
        foreach (var media in Media)
            media.WriteTo(builder);
        return builder.ToString();
    }

    private void WriteOther(StringBuilder builder, string? types)
    {
        foreach (var line in OtherLines)
        {
            var listed = "uepzr".Contains(line.Type, StringComparison.Ordinal);
            if (types is null ? !listed : types.Contains(line.Type, StringComparison.Ordinal))
                builder.Append(line).Append("\r\n");
        }
    }
}
