namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test signal that says which second of it any stretch of a recording came from: a sine at 8 kHz whose frequency
/// steps, phase-continuously, to the next of <see cref="Frequencies"/> at every whole second.
/// </summary>
public sealed record SteppedTone(IReadOnlyList<double> Frequencies)
{
    // 150 Hz apart: three analysis bins of a 20 ms window, so G.711 noise and window leakage never pick a neighbour.
    private const double LowestHz = 400;
    private const double StepHz = 150;

    /// <summary>A tone of <paramref name="seconds"/> seconds at 400, 550, 700 ... Hz.</summary>
    public static SteppedTone Rising(int seconds) =>
        new(Enumerable.Range(0, seconds).Select(k => LowestHz + (StepHz * k)).ToArray());

    /// <summary>The frequencies of <see cref="Rising"/> in falling order: it never sounds the rising tone's frequency in the same second.</summary>
    public static SteppedTone Falling(int seconds) => new(Rising(seconds).Frequencies.Reverse().ToArray());

    /// <summary>Length of the signal: one second per frequency.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Frequencies.Count);

    /// <summary>The signal's samples at 8 kHz with <paramref name="amplitude"/> out of 32767.</summary>
    public short[] Samples(short amplitude = 8000)
    {
        const int rate = AudioFixtures.SampleRate;
        var samples = new short[Frequencies.Count * rate];
        var phase = 0.0;
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Round(amplitude * Math.Sin(phase));
            phase = (phase + (2 * Math.PI * Frequencies[i / rate] / rate)) % (2 * Math.PI);
        }
        return samples;
    }

    /// <summary>
    /// Reads <paramref name="recording"/> (8 kHz) in consecutive windows of <paramref name="window"/>: for each, the second of this
    /// signal whose frequency carries the most energy, or null when the window is silent (RMS under <see cref="WavAnalysis.DefaultSilenceRms"/>).
    /// </summary>
    public IReadOnlyList<int?> ReadSeconds(ReadOnlySpan<short> recording, TimeSpan window)
    {
        var size = (int)(window.TotalSeconds * AudioFixtures.SampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var seconds = new int?[recording.Length / size];
        for (var w = 0; w < seconds.Length; w++)
        {
            var samples = recording.Slice(w * size, size);
            seconds[w] = WavAnalysis.Rms(samples) < WavAnalysis.DefaultSilenceRms ? null : Strongest(samples);
        }
        return seconds;
    }

    private int Strongest(ReadOnlySpan<short> samples)
    {
        var best = 0;
        var bestPower = double.NegativeInfinity;
        for (var k = 0; k < Frequencies.Count; k++)
        {
            var power = GoertzelPower(samples, Frequencies[k]);
            if (power > bestPower)
            {
                best = k;
                bestPower = power;
            }
        }
        return best;
    }

    private static double GoertzelPower(ReadOnlySpan<short> samples, double frequency)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequency / AudioFixtures.SampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        return (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
    }
}
