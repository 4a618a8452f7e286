using System.Globalization;

namespace Siprec.Sip.Sdp;

/// <summary>An <c>a=rtpmap:PT name/clock[/channels]</c> attribute.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    /// <summary>Parses the attribute value (<c>0 PCMU/8000</c>); false when malformed.</summary>
    public static bool TryParse(string value, out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        var span = value.AsSpan().Trim();
        var space = span.IndexOf(' ');
        if (space <= 0 || !int.TryParse(span[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType) || payloadType > 127)
            return false;
        var encoding = span[(space + 1)..].Trim();
        var slash = encoding.IndexOf('/');
        if (slash <= 0)
            return false;
        var name = encoding[..slash];
        var rest = encoding[(slash + 1)..];
        var secondSlash = rest.IndexOf('/');
        var clockText = secondSlash < 0 ? rest : rest[..secondSlash];
        if (!int.TryParse(clockText, NumberStyles.None, CultureInfo.InvariantCulture, out var clock) || clock == 0)
            return false;
        int? channels = null;
        if (secondSlash >= 0)
        {
            if (!int.TryParse(rest[(secondSlash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0)
                return false;
            channels = count;
        }
        rtpMap = new SdpRtpMap(payloadType, name.ToString(), clock, channels);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}");
        return Channels is { } channels ? string.Create(CultureInfo.InvariantCulture, $"{text}/{channels}") : text;
    }
}
