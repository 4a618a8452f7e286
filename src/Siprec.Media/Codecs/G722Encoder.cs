namespace Siprec.Media.Codecs;

/// <summary>
/// ITU-T G.722 SB-ADPCM encoder, 64 kbit/s mode: 16 kHz PCM16 in, one byte per two samples out (RTP clock 8000).
/// Keeps its QMF and ADPCM state per instance; use one per stream, from one thread at a time.
/// </summary>
public sealed class G722Encoder : IAudioEncoder
{
    private const int QmfTaps = 24;

    private readonly int[] _history = new int[QmfTaps];
    private readonly G722Band _low = new(isLowBand: true);
    private readonly G722Band _high = new(isLowBand: false);

    /// <inheritdoc />
    public int SampleRate => 16000;

    /// <summary>Encodes an even number of samples to half as many bytes and returns the bytes written.</summary>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if ((pcm.Length & 1) != 0)
        {
            throw new ArgumentException($"G.722 encodes samples in pairs; {pcm.Length} samples is odd.", nameof(pcm));
        }

        var bytes = pcm.Length / 2;
        if (payload.Length < bytes)
        {
            throw new ArgumentException($"The payload buffer holds {payload.Length} bytes; {bytes} are needed.", nameof(payload));
        }

        for (var i = 0; i < bytes; i++)
        {
            payload[i] = EncodePair(pcm[2 * i], pcm[(2 * i) + 1]);
        }

        return bytes;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private byte EncodePair(short first, short second)
    {
        var history = _history.AsSpan();
        history[2..].CopyTo(history);
        history[QmfTaps - 2] = first;
        history[QmfTaps - 1] = second;

        // Transmit QMF: the two polyphase halves give the low band as their sum and the high band as their difference.
        var qmf = G722Tables.Qmf;
        var older = 0;
        var newer = 0;
        for (var i = 0; i < 12; i++)
        {
            older += history[2 * i] * qmf[i];
            newer += history[(2 * i) + 1] * qmf[11 - i];
        }

        var lowCode = EncodeLow((newer + older) >> 14);
        var highCode = EncodeHigh((newer - older) >> 14);
        return (byte)((highCode << 6) | lowCode);
    }

    private int EncodeLow(int signal)
    {
        var error = G722Band.Saturate(signal - _low.Estimate);
        var magnitude = error >= 0 ? error : -(error + 1);
        var interval = 1;
        var levels = G722Tables.Q6;
        while (interval < 30 && magnitude >= (levels[interval] * _low.Scale) >> 12)
        {
            interval++;
        }

        var code = error < 0 ? G722Tables.Iln[interval] : G722Tables.Ilp[interval];
        var code4 = code >> 2;
        var difference = (_low.Scale * G722Tables.Qm4[code4]) >> 15;
        _low.AdaptScale(G722Tables.Wl[G722Tables.Rl42[code4]]);
        _low.Update(difference);
        return code;
    }

    private int EncodeHigh(int signal)
    {
        var error = G722Band.Saturate(signal - _high.Estimate);
        var magnitude = error >= 0 ? error : -(error + 1);
        var interval = magnitude >= (564 * _high.Scale) >> 12 ? 2 : 1;
        var code = error < 0 ? G722Tables.Ihn[interval] : G722Tables.Ihp[interval];
        var difference = (_high.Scale * G722Tables.Qm2[code]) >> 15;
        _high.AdaptScale(G722Tables.Wh[G722Tables.Rh2[code]]);
        _high.Update(difference);
        return code;
    }
}
