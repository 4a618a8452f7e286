namespace Siprec.Media.Codecs;

/// <summary>
/// G.711 μ-law (RTP payload type 0, <c>PCMU/8000</c>): stateless, table-driven, one byte per 8 kHz sample.
/// One instance may serve as both the decoder and the encoder of a stream.
/// </summary>
public sealed class PcmuCodec : G711Codec
{
    // μ-law quantizes 14 bits, so the encode table is indexed by the PCM16 sample shifted right by 2.
    private const int EncodeShift = 2;
    private const int Bias = 0x21;
    private const int Clip = 8159;

    private static readonly short[] DecodeTable = BuildDecodeTable(DecodeCode);
    private static readonly byte[] EncodeTable = BuildEncodeTable(EncodeShift, EncodeLinear14);

    /// <summary>Creates a μ-law codec; every instance shares the law's tables.</summary>
    public PcmuCodec()
        : base(DecodeTable, EncodeTable, EncodeShift)
    {
    }

    /// <summary>Expands μ-law bytes to PCM16; <paramref name="pcm"/> must hold at least one sample per byte.</summary>
    public static void DecodeSamples(ReadOnlySpan<byte> ulaw, Span<short> pcm) => Expand(DecodeTable, ulaw, pcm);

    /// <summary>Compresses PCM16 to μ-law bytes; <paramref name="ulaw"/> must hold at least one byte per sample.</summary>
    public static void EncodeSamples(ReadOnlySpan<short> pcm, Span<byte> ulaw) => Compress(EncodeTable, EncodeShift, pcm, ulaw);

    /// <summary>Expands one μ-law byte to PCM16.</summary>
    public static short DecodeSample(byte ulaw) => DecodeTable[ulaw];

    /// <summary>Compresses one PCM16 sample to μ-law.</summary>
    public static byte EncodeSample(short sample) => Compress(EncodeTable, EncodeShift, sample);

    private static short DecodeCode(int code)
    {
        var u = ~code & 0xFF;
        var magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short)((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
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
