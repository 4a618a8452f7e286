using System.Diagnostics.CodeAnalysis;

namespace Siprec.Media.Codecs;

/// <summary>
/// Tells which rtpmap formats (and static payload types) can be decoded, and creates one decoder or encoder per stream.
/// Encoding names match case-insensitively. Thread-safe; the native Opus library is probed once, on first need.
/// </summary>
public sealed class AudioCodecRegistry
{
    private static readonly int[] L16Rates = [8000, 16000, 44100, 48000];

    private readonly Lazy<OpusLoadResult> _opus;

    /// <summary>Creates a registry with default options.</summary>
    public AudioCodecRegistry()
        : this(new AudioCodecRegistryOptions())
    {
    }

    /// <summary>Creates a registry with the given options.</summary>
    public AudioCodecRegistry(AudioCodecRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _opus = new Lazy<OpusLoadResult>(() => OpusCodec.TryLoad(options.OpusLibraryName, out var codec, out var reason)
            ? new OpusLoadResult(codec, null)
            : new OpusLoadResult(null, reason));
    }

    /// <summary>Describes what the registry can do with <paramref name="format"/>.</summary>
    public AudioCodecSupport Describe(AudioFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var kind = KindOf(format.EncodingName);
        return kind switch
        {
            AudioCodecKind.Pcmu or AudioCodecKind.Pcma => RequireNarrowband(format, kind),
            AudioCodecKind.G722 => format.ClockRate == 8000 && format.Channels == 1
                ? Available(format, kind, carriesAudio: true, 16000)
                : Unavailable(format, kind, $"G722 is signalled as G722/8000 (16 kHz audio), not {format}"),
            AudioCodecKind.L16 => Array.IndexOf(L16Rates, format.ClockRate) >= 0
                ? Available(format, kind, carriesAudio: true, format.ClockRate)
                : Unavailable(format, kind, $"L16 at {format.ClockRate} Hz is not supported (8000, 16000, 44100 or 48000)"),
            AudioCodecKind.Opus => DescribeOpus(format),
            AudioCodecKind.ComfortNoise => format.Channels == 1
                ? Available(format, kind, carriesAudio: true, format.ClockRate)
                : Unavailable(format, kind, $"comfort noise with {format.Channels} channels is not supported"),
            AudioCodecKind.TelephoneEvent => Available(format, kind, carriesAudio: false, decodedSampleRate: 0),
            AudioCodecKind.G729 => Unavailable(format, kind, "no G.729 decoder"),
            AudioCodecKind.Unknown => Unavailable(format, kind, $"unknown encoding '{format.EncodingName}'"),
            _ => Unavailable(format, kind, $"no {kind} decoder"),
        };
    }

    /// <summary>Describes an rtpmap format given by its parts.</summary>
    public AudioCodecSupport Describe(string encodingName, int clockRate, int channels = 1) =>
        Describe(new AudioFormat(encodingName, clockRate, channels));

    /// <summary>Describes a static payload type used without an rtpmap (0 PCMU, 8 PCMA, 9 G722, 13 CN, 18 G729), or null for others.</summary>
    public AudioCodecSupport? DescribeStaticPayloadType(int payloadType) =>
        AudioFormat.ForStaticPayloadType(payloadType) is { } format ? Describe(format) : null;

    /// <summary>Creates a new decoder for one stream of <paramref name="format"/>, or returns false with the reason.</summary>
    public bool TryCreateDecoder(AudioFormat format, [NotNullWhen(true)] out IAudioDecoder? decoder, [NotNullWhen(false)] out string? reason)
    {
        decoder = null;
        var support = Describe(format);
        if (!support.IsAvailable)
        {
            reason = support.UnavailableReason ?? "unavailable";
            return false;
        }

        decoder = support.Kind switch
        {
            AudioCodecKind.Pcmu => new PcmuCodec(),
            AudioCodecKind.Pcma => new PcmaCodec(),
            AudioCodecKind.G722 => new G722Decoder(),
            AudioCodecKind.L16 => new L16Decoder(format.ClockRate, format.Channels),
            AudioCodecKind.Opus => _opus.Value.Codec!.CreateDecoder(),
            AudioCodecKind.ComfortNoise => new ComfortNoiseDecoder(format.ClockRate),
            _ => null,
        };
        reason = decoder is null ? $"{format} carries events, not audio; read its payloads with TelephoneEvent.TryRead" : null;
        return decoder is not null;
    }

    /// <summary>Creates a new decoder for one stream of <paramref name="format"/>; throws <see cref="NotSupportedException"/> with the reason otherwise.</summary>
    public IAudioDecoder CreateDecoder(AudioFormat format) =>
        TryCreateDecoder(format, out var decoder, out var reason)
            ? decoder
            : throw new NotSupportedException($"Cannot decode {format}: {reason}.");

    /// <summary>Creates a new encoder for one stream of <paramref name="format"/>, or returns false with the reason.</summary>
    public bool TryCreateEncoder(AudioFormat format, [NotNullWhen(true)] out IAudioEncoder? encoder, [NotNullWhen(false)] out string? reason)
    {
        encoder = null;
        var support = Describe(format);
        if (!support.IsAvailable)
        {
            reason = support.UnavailableReason ?? "unavailable";
            return false;
        }

        encoder = support.Kind switch
        {
            AudioCodecKind.Pcmu => new PcmuCodec(),
            AudioCodecKind.Pcma => new PcmaCodec(),
            AudioCodecKind.G722 => new G722Encoder(),
            AudioCodecKind.L16 when format.Channels == 1 => new L16Encoder(format.ClockRate),
            AudioCodecKind.Opus => _opus.Value.Codec!.CreateEncoder(),
            _ => null,
        };
        reason = encoder is null ? $"no encoder for {format}" : null;
        return encoder is not null;
    }

    /// <summary>Recognizes an encoding name, case-insensitively.</summary>
    public static AudioCodecKind KindOf(string encodingName)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        return encodingName.ToUpperInvariant() switch
        {
            "PCMU" => AudioCodecKind.Pcmu,
            "PCMA" => AudioCodecKind.Pcma,
            "G722" => AudioCodecKind.G722,
            "L16" => AudioCodecKind.L16,
            "OPUS" => AudioCodecKind.Opus,
            "G729" or "G729A" or "G729B" => AudioCodecKind.G729,
            "TELEPHONE-EVENT" => AudioCodecKind.TelephoneEvent,
            "CN" => AudioCodecKind.ComfortNoise,
            _ => AudioCodecKind.Unknown,
        };
    }

    private AudioCodecSupport DescribeOpus(AudioFormat format)
    {
        if (format.ClockRate != 48000 || format.Channels > 2)
        {
            return Unavailable(format, AudioCodecKind.Opus, $"Opus is signalled as opus/48000/2, not {format}");
        }

        var load = _opus.Value;
        return load.Codec is null
            ? Unavailable(format, AudioCodecKind.Opus, load.Reason ?? "codec unavailable")
            : Available(format, AudioCodecKind.Opus, carriesAudio: true, OpusDecoder.DecodedSampleRate);
    }

    private static AudioCodecSupport RequireNarrowband(AudioFormat format, AudioCodecKind kind) =>
        format.ClockRate == 8000 && format.Channels == 1
            ? Available(format, kind, carriesAudio: true, 8000)
            : Unavailable(format, kind, $"{format.EncodingName} is defined for 8000 Hz mono only, not {format}");

    private static AudioCodecSupport Available(AudioFormat format, AudioCodecKind kind, bool carriesAudio, int decodedSampleRate) =>
        new(format, kind, IsAvailable: true, carriesAudio, decodedSampleRate, UnavailableReason: null);

    private static AudioCodecSupport Unavailable(AudioFormat format, AudioCodecKind kind, string reason) =>
        new(format, kind, IsAvailable: false, CarriesAudio: kind != AudioCodecKind.TelephoneEvent, DecodedSampleRate: 0, reason);

    private sealed record OpusLoadResult(OpusCodec? Codec, string? Reason);
}
