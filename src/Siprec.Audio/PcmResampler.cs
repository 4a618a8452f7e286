using System.Numerics;
using System.Runtime.InteropServices;

namespace Siprec.Audio;

/// <summary>
/// Streaming rational-ratio resampler for mono PCM16 (for example 8, 16, 24 and 48 kHz in any direction): a polyphase FIR
/// built from a Kaiser-windowed sinc low-pass (about 80 dB stopband, cut below the lower Nyquist frequency). Filter state
/// carries across calls, so chunk boundaries are seamless. Does not allocate after construction; not thread-safe
/// (one instance per stream).
/// </summary>
public sealed class PcmResampler
{
    private const int MaxFactor = 12;
    private const double StopbandAttenuationDb = 80;

    private readonly int _up;
    private readonly int _down;
    private readonly int _tapsPerPhase;

    // Phase p's coefficients in chronological order (oldest input first), padded to a vector multiple.
    private readonly float[] _coefficients;
    private readonly int _stride;

    // Delay line written twice, at i and i + stride, so the latest taps are always one contiguous window.
    private readonly float[] _line;
    private int _linePosition;
    private int _nextOutputOffset;

    /// <summary>Creates a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/> Hz.</summary>
    /// <exception cref="ArgumentException">The reduced ratio needs an up or down factor above 12 (for example 44100 to 48000).</exception>
    public PcmResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        var divisor = (int)BigInteger.GreatestCommonDivisor(inputRate, outputRate);
        _up = outputRate / divisor;
        _down = inputRate / divisor;
        if (_up > MaxFactor || _down > MaxFactor)
        {
            throw new ArgumentException(
                $"Resampling {inputRate} Hz to {outputRate} Hz needs the ratio {_up}/{_down}; factors above {MaxFactor} are not supported.",
                nameof(outputRate));
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        if (_up == 1 && _down == 1)
        {
            _tapsPerPhase = 0;
            _stride = 0;
            _coefficients = [];
            _line = [];
            return;
        }

        var prototype = DesignLowPass(_up, _down);
        _tapsPerPhase = prototype.Length / _up;
        var vector = Vector<float>.Count;
        _stride = (_tapsPerPhase + vector - 1) / vector * vector;
        _coefficients = new float[_stride * _up];
        for (var phase = 0; phase < _up; phase++)
        {
            for (var k = 0; k < _tapsPerPhase; k++)
            {
                // Tap k of a phase multiplies the input k samples back; store it at the window slot of that sample.
                _coefficients[(phase * _stride) + (_stride - 1 - k)] = (float)prototype[phase + (k * _up)];
            }
        }

        _line = new float[2 * _stride];
    }

    /// <summary>The input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>The output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>The filter's group delay in output samples: the output lags the input by this much.</summary>
    public double DelayInOutputSamples => _tapsPerPhase == 0 ? 0 : ((_tapsPerPhase * _up) - 1) / 2.0 / _down;

    /// <summary>The most samples <see cref="Process"/> can write for <paramref name="inputLength"/> input samples.</summary>
    public int MaxOutputFor(int inputLength) => (int)((((long)Math.Max(inputLength, 0) * _up) + _down - 1) / _down) + 1;

    /// <summary>Resamples the next chunk of the stream into <paramref name="output"/> and returns the samples written.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <see cref="MaxOutputFor"/> of the input.</exception>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        var needed = MaxOutputFor(input.Length);
        if (output.Length < needed)
        {
            throw new ArgumentException($"The output buffer holds {output.Length} samples; up to {needed} may be written.", nameof(output));
        }

        if (_tapsPerPhase == 0)
        {
            input.CopyTo(output);
            return input.Length;
        }

        var written = 0;
        var line = _line.AsSpan();
        var coefficients = _coefficients.AsSpan();
        foreach (var sample in input)
        {
            line[_linePosition] = sample;
            line[_linePosition + _stride] = sample;
            _linePosition = _linePosition + 1 == _stride ? 0 : _linePosition + 1;

            var window = line.Slice(_linePosition, _stride);
            while (_nextOutputOffset < _up)
            {
                var value = Dot(coefficients.Slice(_nextOutputOffset * _stride, _stride), window);
                output[written++] = (short)Math.Clamp(MathF.Round(value), short.MinValue, short.MaxValue);
                _nextOutputOffset += _down;
            }

            _nextOutputOffset -= _up;
        }

        return written;
    }

    /// <summary>Forgets the stream's history, as if newly constructed.</summary>
    public void Reset()
    {
        Array.Clear(_line);
        _linePosition = 0;
        _nextOutputOffset = 0;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var vectorA = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vectorB = MemoryMarshal.Cast<float, Vector<float>>(b);
        var sum = Vector<float>.Zero;
        for (var i = 0; i < vectorA.Length; i++)
        {
            sum += vectorA[i] * vectorB[i];
        }

        return Vector.Sum(sum);
    }

    private static double[] DesignLowPass(int up, int down)
    {
        // Cut-off and transition are set relative to the lower of the two Nyquist frequencies, at the upsampled rate.
        var nyquist = 0.5 / Math.Max(up, down);
        var cutoff = 0.84 * nyquist;
        var transition = 0.16 * nyquist;
        var beta = 0.1102 * (StopbandAttenuationDb - 8.7);
        var length = (int)Math.Ceiling((StopbandAttenuationDb - 8) / (2.285 * 2 * Math.PI * transition)) + 1;
        length = (length + up - 1) / up * up;

        var taps = new double[length];
        var center = (length - 1) / 2.0;
        var besselBeta = BesselI0(beta);
        for (var n = 0; n < length; n++)
        {
            var t = n - center;
            var sinc = t == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            var ratio = t / center;
            var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (ratio * ratio)))) / besselBeta;

            // Gain 'up' restores the level lost to the zeros inserted between input samples.
            taps[n] = up * sinc * window;
        }

        return taps;
    }

    private static double BesselI0(double x)
    {
        double sum = 1;
        double term = 1;
        for (var k = 1; k < 50; k++)
        {
            term *= x / (2 * k) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum)
            {
                break;
            }
        }

        return sum;
    }
}
