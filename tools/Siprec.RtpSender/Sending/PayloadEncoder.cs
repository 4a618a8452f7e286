using Siprec.Audio;
using Siprec.Media.Codecs;

namespace Siprec.RtpSender.Sending;

/// <summary>Turns one packet time of 8 kHz source audio into one RTP payload of a codec, resampling first when the codec runs at another rate.</summary>
internal sealed class PayloadEncoder : IDisposable
{
    private const int SourceRate = 8000;
    private const int MaxOpusPayload = 1275;

    private readonly IAudioEncoder _encoder;
    private readonly PcmResampler? _resampler;
    private readonly short[] _resampled;

    private PayloadEncoder(IAudioEncoder encoder, int clockRate, int defaultPayloadType, int packetSamples, int maxPayloadBytes)
    {
        _encoder = encoder;
        ClockRate = clockRate;
        DefaultPayloadType = defaultPayloadType;
        TimestampStep = packetSamples * clockRate / SourceRate;
        MaxPayloadBytes = maxPayloadBytes;
        if (encoder.SampleRate != SourceRate)
        {
            _resampler = new PcmResampler(SourceRate, encoder.SampleRate);
            _resampled = new short[_resampler.MaxOutputFor(packetSamples)];
        }
        else
        {
            _resampled = [];
        }
    }

    /// <summary>RTP clock rate of the codec.</summary>
    public int ClockRate { get; }

    /// <summary>The codec's static (or customary dynamic) payload type.</summary>
    public int DefaultPayloadType { get; }

    /// <summary>RTP timestamp units per packet.</summary>
    public int TimestampStep { get; }

    /// <summary>Largest payload one packet can need.</summary>
    public int MaxPayloadBytes { get; }

    /// <summary>An encoder for <paramref name="codec"/> and <paramref name="packetTime"/>; throws <see cref="NotSupportedException"/> with the reason when the codec cannot be used here.</summary>
    public static PayloadEncoder Create(RtpPayloadCodec codec, TimeSpan packetTime, AudioCodecRegistry registry)
    {
        var packetSamples = (int)(SourceRate * packetTime.TotalSeconds);
        return codec switch
        {
            RtpPayloadCodec.Pcmu => new PayloadEncoder(new PcmuCodec(), SourceRate, 0, packetSamples, packetSamples),
            RtpPayloadCodec.Pcma => new PayloadEncoder(new PcmaCodec(), SourceRate, 8, packetSamples, packetSamples),
            RtpPayloadCodec.G722 => new PayloadEncoder(new G722Encoder(), SourceRate, 9, packetSamples, packetSamples),
            RtpPayloadCodec.L16 => new PayloadEncoder(new L16Encoder(SourceRate), SourceRate, 96, packetSamples, packetSamples * 2),
            RtpPayloadCodec.Opus => CreateOpus(packetTime, packetSamples, registry),
            _ => throw new NotSupportedException($"codec {codec} has no encoder"),
        };
    }

    /// <summary>Encodes exactly one packet time of 8 kHz audio into <paramref name="payload"/> and returns the payload length.</summary>
    public int Encode(ReadOnlySpan<short> source, Span<byte> payload)
    {
        if (_resampler is null)
            return _encoder.Encode(source, payload);
        var count = _resampler.Process(source, _resampled);
        return _encoder.Encode(_resampled.AsSpan(0, count), payload);
    }

    public void Dispose() => _encoder.Dispose();

    private static PayloadEncoder CreateOpus(TimeSpan packetTime, int packetSamples, AudioCodecRegistry registry)
    {
        // Opus frames are 2.5, 5, 10, 20, 40 or 60 ms; the sender's packet times start at 10 ms.
        if (packetTime.TotalMilliseconds is not (10 or 20 or 40 or 60))
            throw new NotSupportedException($"Opus cannot send {packetTime.TotalMilliseconds} ms packets (10, 20, 40 or 60 ms)");
        if (!registry.TryCreateEncoder(new AudioFormat("opus", 48000, 2), out var encoder, out var reason))
            throw new NotSupportedException($"Opus cannot be sent: {reason}");
        return new PayloadEncoder(encoder, 48000, 111, packetSamples, MaxOpusPayload);
    }
}
