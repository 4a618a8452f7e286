namespace Siprec.Media.Codecs;

/// <summary>
/// G.711 A-law (RTP payload type 8, <c>PCMA/8000</c>): stateless, table-driven, one byte per 8 kHz sample.
/// One instance may serve as both the decoder and the encoder of a stream.
/// </summary>
public sealed class PcmaCodec : IAudioDecoder, IAudioEncoder
{
    private static readonly short[] DecodeTable = BuildDecodeTable();

    // Indexed by the 13-bit linear value (the PCM16 sample shifted right by 3), as A-law quantizes 13 bits.
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

    /// <summary>Expands A-law bytes to PCM16; <paramref name="pcm"/> must hold at least one sample per byte.</summary>
    public static void DecodeSamples(ReadOnlySpan<byte> alaw, Span<short> pcm)
    {
        if (pcm.Length < alaw.Length)
        {
            throw new ArgumentException($"The PCM buffer holds {pcm.Length} samples; {alaw.Length} are needed.", nameof(pcm));
        }

        var table = DecodeTable;
        for (var i = 0; i < alaw.Length; i++)
        {
            pcm[i] = table[alaw[i]];
        }
    }

    /// <summary>Compresses PCM16 to A-law bytes; <paramref name="alaw"/> must hold at least one byte per sample.</summary>
    public static void EncodeSamples(ReadOnlySpan<short> pcm, Span<byte> alaw)
    {
        if (alaw.Length < pcm.Length)
        {
            throw new ArgumentException($"The payload buffer holds {alaw.Length} bytes; {pcm.Length} are needed.", nameof(alaw));
        }

        var table = EncodeTable;
        for (var i = 0; i < pcm.Length; i++)
        {
            alaw[i] = table[(pcm[i] >> 3) & 0x1FFF];
        }
    }

    /// <summary>Expands one A-law byte to PCM16.</summary>
    public static short DecodeSample(byte alaw) => DecodeTable[alaw];

    /// <summary>Compresses one PCM16 sample to A-law.</summary>
    public static byte EncodeSample(short sample) => EncodeTable[(sample >> 3) & 0x1FFF];

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (var code = 0; code < 256; code++)
        {
            var a = code ^ 0x55;
            var mantissa = (a & 0x0F) << 4;
            var segment = (a & 0x70) >> 4;
            var magnitude = segment switch
            {
                0 => mantissa + 8,
                1 => mantissa + 0x108,
                _ => (mantissa + 0x108) << (segment - 1),
            };
            table[code] = (short)((a & 0x80) != 0 ? magnitude : -magnitude);
        }

        return table;
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[1 << 13];
        for (var index = 0; index < table.Length; index++)
        {
            var linear = index >= 1 << 12 ? index - (1 << 13) : index;
            table[index] = EncodeLinear13(linear);
        }

        return table;
    }

    private static byte EncodeLinear13(int linear)
    {
        int mask;
        if (linear >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            linear = -linear - 1;
        }

        // Segment 0 and 1 share one step size; above that each segment doubles it.
        var segment = Math.Max(31 - int.LeadingZeroCount(linear | 1) - 4, 0);
        var code = segment << 4;
        code |= segment < 2 ? (linear >> 1) & 0x0F : (linear >> segment) & 0x0F;
        return (byte)(code ^ mask);
    }
}
