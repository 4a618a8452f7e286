namespace Siprec.Testing;

/// <summary>Test signals and the measurements the codec and resampler tests assert on.</summary>
internal static class TestSignal
{
    public static short[] Sine(double frequency, int sampleRate, int count, double amplitude = 10000)
    {
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return samples;
    }

    /// <summary>A voiced, amplitude-modulated harmonic series, roughly shaped like speech.</summary>
    public static short[] SpeechLike(int sampleRate, int count)
    {
        var samples = new short[count];
        for (var i = 0; i < count; i++)
        {
            var t = (double)i / sampleRate;
            var pitch = 140 + (20 * Math.Sin(2 * Math.PI * 3 * t));
            var value = 0.0;
            for (var harmonic = 1; harmonic * 180 < Math.Min(3400, sampleRate / 2); harmonic++)
            {
                value += Math.Sin(2 * Math.PI * pitch * harmonic * t) / harmonic;
            }

            var envelope = 0.6 + (0.4 * Math.Sin(2 * Math.PI * 4 * t));
            samples[i] = (short)Math.Round(6000 * envelope * value);
        }

        return samples;
    }

    /// <summary>Signal-to-noise ratio in dB of <paramref name="actual"/> against <paramref name="expected"/>, skipping a warm-up.</summary>
    public static double SnrDb(ReadOnlySpan<short> expected, ReadOnlySpan<short> actual, int skip)
    {
        double signal = 0;
        double noise = 0;
        var count = Math.Min(expected.Length, actual.Length);
        for (var i = skip; i < count; i++)
        {
            signal += (double)expected[i] * expected[i];
            var error = (double)expected[i] - actual[i];
            noise += error * error;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1e-9));
    }

    /// <summary>The delay (0..maxDelay samples) that best aligns <paramref name="actual"/> with <paramref name="expected"/>, and the SNR there.</summary>
    public static (int Delay, double SnrDb) BestAlignment(ReadOnlySpan<short> expected, ReadOnlySpan<short> actual, int maxDelay, int skip)
    {
        var best = (Delay: 0, SnrDb: double.NegativeInfinity);
        for (var delay = 0; delay <= maxDelay; delay++)
        {
            var snr = SnrDb(expected[..^delay], actual[delay..], skip);
            if (snr > best.SnrDb)
            {
                best = (delay, snr);
            }
        }

        return best;
    }

    /// <summary>Power of <paramref name="samples"/> at one frequency (Goertzel), normalized by length.</summary>
    public static double PowerAt(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        var power = (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
        return power / ((double)samples.Length * samples.Length);
    }

    /// <summary>Root mean square of <paramref name="samples"/>.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var sample in samples)
        {
            sum += (double)sample * sample;
        }

        return samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
    }
}
