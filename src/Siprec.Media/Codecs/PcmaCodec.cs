namespace Siprec.Media.Codecs;

/// <summary>
/// G.711 A-law (RTP payload type 8, <c>PCMA/8000</c>): stateless, table-driven, one byte per 8 kHz sample.
/// One instance may serve as both the decoder and the encoder of a stream.
/// </summary>
public sealed class PcmaCodec : G711Codec
{
    // A-law quantizes 13 bits, so the encode table is indexed by the PCM16 sample shifted right by 3.
    private const int EncodeShift = 3;

    private static readonly short[] DecodeTable = BuildDecodeTable(DecodeCode);
    private static readonly byte[] EncodeTable = BuildEncodeTable(EncodeShift, EncodeLinear13);

    /// <summary>Creates an A-law codec; every instance shares the law's tables.</summary>
    public PcmaCodec()
        : base(DecodeTable, EncodeTable, EncodeShift)
    {
    }

    /// <summary>Expands A-law bytes to PCM16; <paramref name="pcm"/> must hold at least one sample per byte.</summary>
    public static void DecodeSamples(ReadOnlySpan<byte> alaw, Span<short> pcm) => Expand(DecodeTable, alaw, pcm);

    /// <summary>Compresses PCM16 to A-law bytes; <paramref name="alaw"/> must hold at least one byte per sample.</summary>
    public static void EncodeSamples(ReadOnlySpan<short> pcm, Span<byte> alaw) => Compress(EncodeTable, EncodeShift, pcm, alaw);

    /// <summary>Expands one A-law byte to PCM16.</summary>
    public static short DecodeSample(byte alaw) => DecodeTable[alaw];

    /// <summary>Compresses one PCM16 sample to A-law.</summary>
    public static byte EncodeSample(short sample) => Compress(EncodeTable, EncodeShift, sample);

    private static short DecodeCode(int code)
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
        return (short)((a & 0x80) != 0 ? magnitude : -magnitude);
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
