using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Siprec.Media.Codecs;

/// <summary>An RTP payload format as an <c>a=rtpmap</c> names it: encoding name, RTP clock rate and channel count.</summary>
/// <param name="EncodingName">The encoding name as written (compared case-insensitively by the registry).</param>
/// <param name="ClockRate">The RTP clock rate in Hz (8000 for G.722 although its audio is 16 kHz).</param>
/// <param name="Channels">The channel count; 1 when the rtpmap omits it.</param>
public sealed record AudioFormat(string EncodingName, int ClockRate, int Channels = 1)
{
    /// <summary>Parses the format part of an rtpmap, <c>name/clock[/channels]</c>, such as <c>opus/48000/2</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out AudioFormat? format)
    {
        format = null;
        text = text.Trim();
        var slash = text.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var name = text[..slash];
        var rest = text[(slash + 1)..];
        var channels = 1;
        var secondSlash = rest.IndexOf('/');
        if (secondSlash >= 0)
        {
            if (!TryParsePositive(rest[(secondSlash + 1)..], out channels))
            {
                return false;
            }

            rest = rest[..secondSlash];
        }

        if (!TryParsePositive(rest, out var clockRate) || name.ContainsAny(" \t/"))
        {
            return false;
        }

        format = new AudioFormat(name.ToString(), clockRate, channels);
        return true;
    }

    /// <summary>Parses the format part of an rtpmap or throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static AudioFormat Parse(string text) =>
        TryParse(text, out var format)
            ? format
            : throw new FormatException($"'{text}' is not an rtpmap encoding of the form name/clock-rate[/channels].");

    /// <summary>The format a static payload type implies without an rtpmap (RFC 3551), or null when it has none we know.</summary>
    public static AudioFormat? ForStaticPayloadType(int payloadType) => payloadType switch
    {
        0 => new AudioFormat("PCMU", 8000),
        8 => new AudioFormat("PCMA", 8000),
        9 => new AudioFormat("G722", 8000),
        13 => new AudioFormat("CN", 8000),
        18 => new AudioFormat("G729", 8000),
        _ => null,
    };

    /// <inheritdoc />
    public override string ToString() =>
        Channels == 1 ? $"{EncodingName}/{ClockRate}" : $"{EncodingName}/{ClockRate}/{Channels}";

    private static bool TryParsePositive(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
