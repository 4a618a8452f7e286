namespace Siprec.Media.Codecs;

/// <summary>
/// G.711 μ-law (RTP payload type 0, <c>PCMU/8000</c>): stateless, table-driven, one byte per 8 kHz sample.
/// One instance may serve as both the decoder and the encoder of a stream.
/// </summary>
public sealed class PcmuCodec : IAudioDecoder, IAudioEncoder
{
    private const int Bias = 0x21;
    private const int Clip = 8159;

    private static readonly short[] DecodeTable = BuildDecodeTable();

    // Indexed by the 14-bit linear value (the PCM16 sample shifted right by 2), as G.711 quantizes 14 bits.
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    /// <inheritdoc />
    public int SampleRate => 8000;

    /// <inheritdoc />
    public int MaxSamplesFor(int payloadLength) => Math.Max(payloadLength, 0);

    /// <inheritdoc />
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        DecodeSamples(payload, pcm);
        return payload.Length;
    }

    /// <inheritdoc />
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        EncodeSamples(pcm, payload);
        return pcm.Length;
    }

    /// <summary>Expands μ-law bytes to PCM16; <paramref name="pcm"/> must hold at least one sample per byte.</summary>
    public static void DecodeSamples(ReadOnlySpan<byte> ulaw, Span<short> pcm)
    {
        if (pcm.Length < ulaw.Length)
        {
            throw new ArgumentException($"The PCM buffer holds {pcm.Length} samples; {ulaw.Length} are needed.", nameof(pcm));
        }

        var table = DecodeTable;
        for (var i = 0; i < ulaw.Length; i++)
        {
            pcm[i] = table[ulaw[i]];
        }
    }

    /// <summary>Compresses PCM16 to μ-law bytes; <paramref name="ulaw"/> must hold at least one byte per sample.</summary>
    public static void EncodeSamples(ReadOnlySpan<short> pcm, Span<byte> ulaw)
    {
        if (ulaw.Length < pcm.Length)
        {
            throw new ArgumentException($"The payload buffer holds {ulaw.Length} bytes; {pcm.Length} are needed.", nameof(ulaw));
        }

        var table = EncodeTable;
        for (var i = 0; i < pcm.Length; i++)
        {
            ulaw[i] = table[(pcm[i] >> 2) & 0x3FFF];
        }
    }

    /// <summary>Expands one μ-law byte to PCM16.</summary>
    public static short DecodeSample(byte ulaw) => DecodeTable[ulaw];

    /// <summary>Compresses one PCM16 sample to μ-law.</summary>
    public static byte EncodeSample(short sample) => EncodeTable[(sample >> 2) & 0x3FFF];

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            var u = ~code & 0xFF;
            var magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
            table[code] = (short)((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
        }

        return table;
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[1 << 14];
        for (var index = 0; index < table.Length; index++)
        {
            var linear = index >= 1 << 13 ? index - (1 << 14) : index;
            table[index] = EncodeLinear14(linear);
        }

        return table;
    }

    private static byte EncodeLinear14(int linear)
    {
        int mask;
        if (linear < 0)
        {
            linear = -linear;
            mask = 0x7F;
        }
        else
        {
            mask = 0xFF;
        }

        linear = Math.Min(linear, Clip) + Bias;

        // The segment is the position of the highest set bit above the 6-bit first segment.
        var segment = 31 - int.LeadingZeroCount(linear) - 5;
        var code = segment > 7 ? 0x7F : (segment << 4) | ((linear >> (segment + 1)) & 0x0F);
        return (byte)(code ^ mask);
    }
}
