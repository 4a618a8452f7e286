using System.Buffers.Binary;

namespace Siprec.Media.Codecs;

/// <summary>Mono linear PCM16 in network byte order (RFC 3551 <c>L16</c>), two bytes per sample.</summary>
public sealed class L16Encoder : IAudioEncoder
{
    /// <summary>Creates an encoder for mono audio at <paramref name="sampleRate"/>.</summary>
    public L16Encoder(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        SampleRate = sampleRate;
    }

    /// <inheritdoc />
    public int SampleRate { get; }

    /// <inheritdoc />
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        var bytes = pcm.Length * 2;
        if (payload.Length < bytes)
        {
            throw new ArgumentException($"The payload buffer holds {payload.Length} bytes; {bytes} are needed.", nameof(payload));
        }

        for (var i = 0; i < pcm.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(payload[(2 * i)..], pcm[i]);
        }

        return bytes;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
