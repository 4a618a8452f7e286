using System.Buffers.Binary;

namespace Siprec.Media.Codecs;

/// <summary>
/// Linear PCM16 in network byte order (RFC 3551 <c>L16</c>). Multi-channel payloads are explicitly downmixed to mono
/// by averaging the interleaved channels of each frame.
/// </summary>
public sealed class L16Decoder : IAudioDecoder
{
    private readonly int _channels;

    /// <summary>Creates a decoder for <paramref name="channels"/> interleaved channels at <paramref name="sampleRate"/>.</summary>
    public L16Decoder(int sampleRate, int channels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        SampleRate = sampleRate;
        _channels = channels;
    }

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <inheritdoc />
    public int MaxSamplesFor(int payloadLength) => Math.Max(payloadLength, 0) / (2 * _channels);

    /// <summary>Decodes whole frames; throws <see cref="InvalidDataException"/> when the payload is not a whole number of frames.</summary>
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        var frameBytes = 2 * _channels;
        if (payload.Length % frameBytes != 0)
        {
            throw new InvalidDataException($"An L16 payload with {_channels} channel(s) is a multiple of {frameBytes} bytes; {payload.Length} is not.");
        }

        var frames = payload.Length / frameBytes;
        if (pcm.Length < frames)
        {
            throw new ArgumentException($"The PCM buffer holds {pcm.Length} samples; {frames} are needed.", nameof(pcm));
        }

        for (var frame = 0; frame < frames; frame++)
        {
            var sum = 0;
            var offset = frame * frameBytes;
            for (var channel = 0; channel < _channels; channel++)
            {
                sum += BinaryPrimitives.ReadInt16BigEndian(payload[(offset + (2 * channel))..]);
            }

            pcm[frame] = (short)(sum / _channels);
        }

        return frames;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
