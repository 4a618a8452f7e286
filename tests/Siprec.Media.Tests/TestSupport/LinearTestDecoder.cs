using System.Buffers.Binary;
using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.TestSupport;

/// <summary>Decodes big-endian 16-bit samples (L16-like) so tests can compare exact sample values.</summary>
public sealed class LinearTestDecoder(int sampleRate = 8000) : IAudioDecoder
{
    public int SampleRate => sampleRate;

    public int MaxSamplesFor(int payloadLength) => payloadLength / 2;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        int count = payload.Length / 2;
        for (int i = 0; i < count; i++)
            pcm[i] = BinaryPrimitives.ReadInt16BigEndian(payload[(i * 2)..]);
        return count;
    }

    public void Dispose()
    {
    }
}
