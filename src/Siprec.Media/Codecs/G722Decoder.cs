namespace Siprec.Media.Codecs;

/// <summary>
/// ITU-T G.722 SB-ADPCM decoder, 64 kbit/s mode: each payload byte gives two 16 kHz PCM16 samples.
/// The rtpmap says <c>G722/8000</c> because RTP timestamps advance at 8000/s, but <see cref="SampleRate"/> is 16000.
/// Keeps its ADPCM and QMF state per instance, so packets of one stream decode as one continuous signal.
/// </summary>
public sealed class G722Decoder : IAudioDecoder
{
    private const int QmfTaps = 24;

    private readonly int[] _history = new int[QmfTaps];
    private readonly G722Band _low = new(isLowBand: true);
    private readonly G722Band _high = new(isLowBand: false);

    /// <inheritdoc />
    public int SampleRate => 16000;

    /// <inheritdoc />
    public int MaxSamplesFor(int payloadLength) => Math.Max(payloadLength, 0) * 2;

    /// <inheritdoc />
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        var samples = payload.Length * 2;
        if (pcm.Length < samples)
        {
            throw new ArgumentException($"The PCM buffer holds {pcm.Length} samples; {samples} are needed.", nameof(pcm));
        }

        for (var i = 0; i < payload.Length; i++)
        {
            DecodeByte(payload[i], pcm.Slice(2 * i, 2));
        }

        return samples;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void DecodeByte(byte code, Span<short> output)
    {
        var lowCode = code & 0x3F;
        var highCode = code >> 6;

        // The output uses all 6 bits; the predictor only ever sees the 4 most significant, as the encoder did.
        var low = Math.Clamp(_low.Estimate + ((_low.Scale * G722Tables.Qm6[lowCode]) >> 15), -16384, 16383);
        var code4 = lowCode >> 2;
        var lowDifference = (_low.Scale * G722Tables.Qm4[code4]) >> 15;
        _low.AdaptScale(G722Tables.Wl[G722Tables.Rl42[code4]]);
        _low.Update(lowDifference);

        var highDifference = (_high.Scale * G722Tables.Qm2[highCode]) >> 15;
        var high = Math.Clamp(_high.Estimate + highDifference, -16384, 16383);
        _high.AdaptScale(G722Tables.Wh[G722Tables.Rh2[highCode]]);
        _high.Update(highDifference);

        // Receive QMF: interleave sum and difference and filter them back to two 16 kHz samples.
        var history = _history.AsSpan();
        history[2..].CopyTo(history);
        history[QmfTaps - 2] = low + high;
        history[QmfTaps - 1] = low - high;

        var qmf = G722Tables.Qmf;
        var first = 0;
        var second = 0;
        for (var i = 0; i < 12; i++)
        {
            second += history[2 * i] * qmf[i];
            first += history[(2 * i) + 1] * qmf[11 - i];
        }

        output[0] = (short)G722Band.Saturate(first >> 11);
        output[1] = (short)G722Band.Saturate(second >> 11);
    }
}
