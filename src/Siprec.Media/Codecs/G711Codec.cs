namespace Siprec.Media.Codecs;

/// <summary>
/// G.711 at 8 kHz, one byte per sample: the table-driven decoder and encoder that μ-law (<see cref="PcmuCodec"/>) and
/// A-law (<see cref="PcmaCodec"/>) share. Stateless; one instance may serve as both the decoder and the encoder of a stream.
/// </summary>
public abstract class G711Codec : IAudioDecoder, IAudioEncoder
{
    private readonly short[] _decodeTable;
    private readonly byte[] _encodeTable;
    private readonly int _encodeShift;

    private protected G711Codec(short[] decodeTable, byte[] encodeTable, int encodeShift)
    {
        _decodeTable = decodeTable;
        _encodeTable = encodeTable;
        _encodeShift = encodeShift;
    }

    /// <inheritdoc />
    public int SampleRate => 8000;

    /// <inheritdoc />
    public int MaxSamplesFor(int payloadLength) => Math.Max(payloadLength, 0);

    /// <inheritdoc />
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        Expand(_decodeTable, payload, pcm);
        return payload.Length;
    }

    /// <inheritdoc />
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        Compress(_encodeTable, _encodeShift, pcm, payload);
        return pcm.Length;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>Maps each of the 256 codes to PCM16 through a law's <paramref name="decode"/>.</summary>
    private protected static short[] BuildDecodeTable(Func<int, short> decode)
    {
        var table = new short[256];
        for (var code = 0; code < table.Length; code++)
        {
            table[code] = decode(code);
        }

        return table;
    }

    /// <summary>
    /// Maps every linear value a law quantizes (the PCM16 sample shifted right by <paramref name="shift"/>, as a two's
    /// complement index) to its code through the law's <paramref name="encode"/>.
    /// </summary>
    private protected static byte[] BuildEncodeTable(int shift, Func<int, byte> encode)
    {
        var bits = 16 - shift;
        var table = new byte[1 << bits];
        for (var index = 0; index < table.Length; index++)
        {
            var linear = index >= 1 << (bits - 1) ? index - (1 << bits) : index;
            table[index] = encode(linear);
        }

        return table;
    }

    private protected static void Expand(short[] decodeTable, ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (pcm.Length < payload.Length)
        {
            throw new ArgumentException($"The PCM buffer holds {pcm.Length} samples; {payload.Length} are needed.", nameof(pcm));
        }

        for (var i = 0; i < payload.Length; i++)
        {
            pcm[i] = decodeTable[payload[i]];
        }
    }

    private protected static void Compress(byte[] encodeTable, int shift, ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (payload.Length < pcm.Length)
        {
            throw new ArgumentException($"The payload buffer holds {payload.Length} bytes; {pcm.Length} are needed.", nameof(payload));
        }

        var mask = encodeTable.Length - 1;
        for (var i = 0; i < pcm.Length; i++)
        {
            payload[i] = encodeTable[(pcm[i] >> shift) & mask];
        }
    }

    private protected static byte Compress(byte[] encodeTable, int shift, short sample) =>
        encodeTable[(sample >> shift) & (encodeTable.Length - 1)];
}
