namespace Siprec.Media.Codecs;

/// <summary>
/// The adaptive predictor and scale factor of one G.722 sub-band (ITU-T G.722 blocks 3 and 4), shared by encoder and decoder
/// so both track the same state from the same quantized differences.
/// </summary>
internal sealed class G722Band
{
    private const int LowBandMaxLogScale = 18432;
    private const int HighBandMaxLogScale = 22528;

    // Index 0 holds the current sample while it is processed; 1 and 2 (up to 6 for d) are the delayed ones.
    private readonly int[] _reconstructed = new int[3];
    private readonly int[] _partial = new int[3];
    private readonly int[] _poles = new int[3];
    private readonly int[] _differences = new int[7];
    private readonly int[] _zeros = new int[7];
    private readonly bool _isLowBand;
    private int _logScale;
    private int _polePrediction;
    private int _zeroPrediction;

    public G722Band(bool isLowBand)
    {
        _isLowBand = isLowBand;
        Scale = isLowBand ? 32 : 8;
    }

    /// <summary>The quantizer scale factor (DETL or DETH).</summary>
    public int Scale { get; private set; }

    /// <summary>The predicted signal (SL or SH).</summary>
    public int Estimate { get; private set; }

    /// <summary>Adapts the scale factor to the magnitude class of the last code (LOGSCL/LOGSCH then SCALEL/SCALEH).</summary>
    public void AdaptScale(int weight)
    {
        var max = _isLowBand ? LowBandMaxLogScale : HighBandMaxLogScale;
        _logScale = Math.Clamp(((_logScale * 127) >> 7) + weight, 0, max);

        var fraction = G722Tables.Ilb[(_logScale >> 6) & 31];
        var shift = (_isLowBand ? 8 : 10) - (_logScale >> 11);
        var scale = shift < 0 ? fraction << -shift : fraction >> shift;
        Scale = scale << 2;
    }

    /// <summary>Runs the pole-zero predictor one step with the quantized difference <paramref name="difference"/>.</summary>
    public void Update(int difference)
    {
        var reconstructed = Saturate(Estimate + difference);
        var partial = Saturate(_zeroPrediction + difference);
        _reconstructed[0] = reconstructed;
        _partial[0] = partial;
        _differences[0] = difference;

        UpdatePoles(partial);
        UpdateZeros(difference);

        for (var i = 6; i > 0; i--)
        {
            _differences[i] = _differences[i - 1];
        }

        for (var i = 2; i > 0; i--)
        {
            _reconstructed[i] = _reconstructed[i - 1];
            _partial[i] = _partial[i - 1];
        }

        var pole1 = (_poles[1] * Saturate(_reconstructed[1] + _reconstructed[1])) >> 15;
        var pole2 = (_poles[2] * Saturate(_reconstructed[2] + _reconstructed[2])) >> 15;
        _polePrediction = Saturate(pole1 + pole2);

        var zeros = 0;
        for (var i = 6; i > 0; i--)
        {
            zeros += (_zeros[i] * Saturate(_differences[i] + _differences[i])) >> 15;
        }

        _zeroPrediction = Saturate(zeros);
        Estimate = Saturate(_polePrediction + _zeroPrediction);
    }

    public static int Saturate(int value) => Math.Clamp(value, short.MinValue, short.MaxValue);

    private void UpdatePoles(int partial)
    {
        // UPPOL2: the second pole follows the sign agreement of the partial signal with its two predecessors.
        var sameSign1 = (partial ^ _partial[1]) >= 0;
        var sameSign2 = (partial ^ _partial[2]) >= 0;
        var a1Times4 = Saturate(_poles[1] << 2);
        var term = Math.Min(sameSign1 ? -a1Times4 : a1Times4, short.MaxValue);
        var pole2 = (sameSign2 ? 128 : -128) + (term >> 7) + ((_poles[2] * 32512) >> 15);
        pole2 = Math.Clamp(pole2, -12288, 12288);

        // UPPOL1, limited so the two poles keep the filter stable.
        var pole1 = Saturate((sameSign1 ? 192 : -192) + ((_poles[1] * 32640) >> 15));
        var limit = Saturate(15360 - pole2);
        pole1 = Math.Clamp(pole1, -limit, limit);

        _poles[1] = pole1;
        _poles[2] = pole2;
    }

    private void UpdateZeros(int difference)
    {
        // UPZERO uses the delayed differences before they shift.
        var step = difference == 0 ? 0 : 128;
        for (var i = 1; i < 7; i++)
        {
            var sameSign = (difference ^ _differences[i]) >= 0;
            _zeros[i] = Saturate((sameSign ? step : -step) + ((_zeros[i] * 32640) >> 15));
        }
    }
}
