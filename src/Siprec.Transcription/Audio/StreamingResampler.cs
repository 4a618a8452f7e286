using System.Buffers;

namespace Siprec.Transcription.Audio;

/// <summary>
/// Streaming rational-ratio resampler: a linear-phase windowed-sinc (Blackman) polyphase FIR.
/// Keeps filter history across calls, so chunked input gives the same output as one block. Not thread-safe.
/// </summary>
public sealed class StreamingResampler
{
    private const int TapsPerPhase = 24;
    private readonly int _up;
    private readonly int _down;
    private readonly float[] _coefficients;
    private readonly short[] _history = new short[TapsPerPhase - 1];
    private long _position;

    /// <summary>Creates a resampler from <paramref name="inputRate"/> to <paramref name="outputRate"/> (Hz).</summary>
    public StreamingResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        var gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        if (_up > 640 || _down > 640)
        {
            throw new ArgumentException($"Unsupported resampling ratio {inputRate}->{outputRate} Hz.", nameof(outputRate));
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        _coefficients = DesignFilter(_up, _down);
    }

    /// <summary>Input sample rate (Hz).</summary>
    public int InputRate { get; }

    /// <summary>Output sample rate (Hz).</summary>
    public int OutputRate { get; }

    /// <summary>Group delay of the filter, in output samples; results are shifted by this much.</summary>
    public double DelaySeconds => (TapsPerPhase * _up - 1) / 2.0 / (InputRate * (double)_up);

    /// <summary>The most output samples <see cref="Process"/> can produce for <paramref name="inputLength"/> input samples.</summary>
    public int MaxOutputLength(int inputLength) => (int)(((long)inputLength * _up / _down) + 2);

    /// <summary>Resamples <paramref name="input"/> into <paramref name="output"/> and returns the number of samples written.</summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        if (_up == _down)
        {
            input.CopyTo(output);
            return input.Length;
        }

        var historyLength = _history.Length;
        var extended = ArrayPool<short>.Shared.Rent(historyLength + input.Length);
        try
        {
            _history.CopyTo(extended, 0);
            input.CopyTo(extended.AsSpan(historyLength));
            var written = 0;
            var limit = (long)input.Length * _up;
            while (_position < limit)
            {
                var inputIndex = (int)(_position / _up);
                var phase = (int)(_position % _up);
                var newest = inputIndex + historyLength;
                var acc = 0f;
                for (var j = 0; j < TapsPerPhase; j++)
                {
                    acc += _coefficients[phase + (j * _up)] * extended[newest - j];
                }

                output[written++] = (short)Math.Clamp(MathF.Round(acc), short.MinValue, short.MaxValue);
                _position += _down;
            }

            _position -= limit;
            extended.AsSpan(input.Length, historyLength).CopyTo(_history);
            return written;
        }
        finally
        {
            ArrayPool<short>.Shared.Return(extended);
        }
    }

    private static float[] DesignFilter(int up, int down)
    {
        var length = TapsPerPhase * up;
        var cutoff = 0.45 / Math.Max(up, down);
        var centre = (length - 1) / 2.0;
        var taps = new float[length];
        for (var n = 0; n < length; n++)
        {
            var x = n - centre;
            var sinc = x == 0 ? 2 * cutoff : Math.Sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            var window = 0.42 - (0.5 * Math.Cos(2 * Math.PI * n / (length - 1))) + (0.08 * Math.Cos(4 * Math.PI * n / (length - 1)));
            taps[n] = (float)(up * sinc * window);
        }

        return taps;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
