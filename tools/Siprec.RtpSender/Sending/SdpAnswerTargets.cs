using System.Net;
using Siprec.Sip.Sdp;

namespace Siprec.RtpSender.Sending;

/// <summary>Reads the audio streams of an SDP answer (e.g. an SRS's 200 OK body) into send targets.</summary>
public static class SdpAnswerTargets
{
    /// <summary>One target per accepted (non-zero port) m=audio line, in order; throws <see cref="FormatException"/> with the reason when a stream cannot be sent to.</summary>
    public static IReadOnlyList<SdpAnswerTarget> Read(string sdpText)
    {
        var session = SdpSessionDescription.Parse(sdpText);
        var targets = new List<SdpAnswerTarget>();
        var index = 0;
        foreach (var media in session.Media)
        {
            index++;
            if (!string.Equals(media.Media, "audio", StringComparison.OrdinalIgnoreCase) || media.Port == 0)
                continue;
            var connection = media.EffectiveConnection ?? throw new FormatException($"m-line {index} has no c= line");
            if (connection.IsUnspecified || !IPAddress.TryParse(connection.Host, out var address))
                throw new FormatException($"m-line {index} has no usable address ({connection.Host})");
            var (codec, payloadType) = ChooseCodec(media, index);
            var telephoneEvent = media.RtpMaps.FirstOrDefault(m => string.Equals(m.EncodingName, "telephone-event", StringComparison.OrdinalIgnoreCase))?.PayloadType;
            targets.Add(new SdpAnswerTarget(new IPEndPoint(address, media.Port), media.Label, codec, payloadType, telephoneEvent));
        }
        return targets;
    }

    private static (RtpPayloadCodec Codec, int PayloadType) ChooseCodec(SdpMediaDescription media, int index)
    {
        foreach (var format in media.Formats)
        {
            if (!int.TryParse(format, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var payloadType))
                continue;
            var name = media.FindRtpMap(payloadType)?.EncodingName ?? payloadType switch
            {
                0 => "PCMU",
                8 => "PCMA",
                9 => "G722",
                _ => null,
            };
            RtpPayloadCodec? codec = name?.ToUpperInvariant() switch
            {
                "PCMU" => RtpPayloadCodec.Pcmu,
                "PCMA" => RtpPayloadCodec.Pcma,
                "G722" => RtpPayloadCodec.G722,
                "OPUS" => RtpPayloadCodec.Opus,
                "L16" when media.FindRtpMap(payloadType)?.ClockRate == 8000 => RtpPayloadCodec.L16,
                _ => null,
            };
            if (codec is { } chosen)
                return (chosen, payloadType);
        }
        throw new FormatException($"m-line {index} offers none of PCMU, PCMA, G722, opus or L16/8000 ({string.Join(' ', media.Formats)})");
    }
}
