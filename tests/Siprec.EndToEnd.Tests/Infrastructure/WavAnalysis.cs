using System.Numerics;
using Siprec.Media.Codecs;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Measurements on recorded PCM: alignment against the source by normalized cross-correlation, and silence by windowed RMS.</summary>
public static class WavAnalysis
{
    /// <summary>RMS (in sample units) under which a window counts as silent; G.711 idle noise is far below, speech far above.</summary>
    public const double DefaultSilenceRms = 64;

    /// <summary>What the source sounds like after a G.711 encode and decode, i.e. what the server can at best record.</summary>
    public static short[] G711RoundTrip(ReadOnlySpan<short> pcm, RtpPayloadCodec codec)
    {
        var encoded = new byte[pcm.Length];
        var decoded = new short[pcm.Length];
        if (codec == RtpPayloadCodec.Pcma)
        {
            PcmaCodec.EncodeSamples(pcm, encoded);
            PcmaCodec.DecodeSamples(encoded, decoded);
        }
        else
        {
            PcmuCodec.EncodeSamples(pcm, encoded);
            PcmuCodec.DecodeSamples(encoded, decoded);
        }
        return decoded;
    }

    /// <summary>
    /// Finds the lag in [<paramref name="minLag"/>, <paramref name="maxLag"/>] samples at which <paramref name="reference"/> best matches
    /// <paramref name="recording"/> (recording[i + lag] against reference[i]), by normalized cross-correlation over the overlap.
    /// </summary>
    public static AlignmentMatch BestAlignment(ReadOnlySpan<short> recording, ReadOnlySpan<short> reference, int minLag, int maxLag, int sampleRate = AudioFixtures.SampleRate)
    {
        if (minLag > maxLag)
            throw new ArgumentException($"lag range {minLag}..{maxLag} is empty");
        var rec = ToFloat(recording);
        var refer = ToFloat(reference);
        var recEnergy = PrefixEnergy(rec);
        var refEnergy = PrefixEnergy(refer);
        // A match must cover at least a quarter of the reference so that a few stray samples cannot win.
        var minOverlap = Math.Max(1, reference.Length / 4);
        var best = new AlignmentMatch(0, double.NegativeInfinity, sampleRate);
        for (var lag = minLag; lag <= maxLag; lag++)
        {
            var from = Math.Max(0, -lag);
            var to = Math.Min(refer.Length, rec.Length - lag);
            if (to - from < minOverlap)
                continue;
            var dot = Dot(rec.AsSpan(from + lag, to - from), refer.AsSpan(from, to - from));
            var energy = (recEnergy[to + lag] - recEnergy[from + lag]) * (refEnergy[to] - refEnergy[from]);
            var correlation = energy > 0 ? dot / Math.Sqrt(energy) : 0;
            if (correlation > best.Correlation)
                best = best with { LagSamples = lag, Correlation = correlation };
        }
        return double.IsNegativeInfinity(best.Correlation) ? best with { Correlation = 0 } : best;
    }

    /// <summary>RMS of each consecutive window of <paramref name="window"/> (a last partial window is dropped).</summary>
    public static double[] WindowRms(ReadOnlySpan<short> samples, int sampleRate, TimeSpan window)
    {
        var size = (int)(window.TotalSeconds * sampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var result = new double[samples.Length / size];
        for (var w = 0; w < result.Length; w++)
            result[w] = Rms(samples.Slice(w * size, size));
        return result;
    }

    /// <summary>Root mean square of <paramref name="samples"/>.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
            return 0;
        double sum = 0;
        foreach (var s in samples)
            sum += (double)s * s;
        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>Runs of consecutive windows whose RMS is below <paramref name="threshold"/>, at least <paramref name="minimum"/> long.</summary>
    public static IReadOnlyList<SilenceSpan> SilentSpans(ReadOnlySpan<short> samples, int sampleRate, TimeSpan window, TimeSpan minimum, double threshold = DefaultSilenceRms)
    {
        var rms = WindowRms(samples, sampleRate, window);
        var spans = new List<SilenceSpan>();
        var start = -1;
        for (var w = 0; w <= rms.Length; w++)
        {
            var silent = w < rms.Length && rms[w] < threshold;
            if (silent && start < 0)
                start = w;
            if (!silent && start >= 0)
            {
                var span = new SilenceSpan(window * start, window * w);
                if (span.Duration >= minimum)
                    spans.Add(span);
                start = -1;
            }
        }
        return spans;
    }

    /// <summary>Runs of digital silence (samples exactly 0) at least <paramref name="minimum"/> long.</summary>
    public static IReadOnlyList<SilenceSpan> ZeroRuns(ReadOnlySpan<short> samples, int sampleRate, TimeSpan minimum)
    {
        var spans = new List<SilenceSpan>();
        var start = -1;
        for (var i = 0; i <= samples.Length; i++)
        {
            var zero = i < samples.Length && samples[i] == 0;
            if (zero && start < 0)
                start = i;
            if (!zero && start >= 0)
            {
                var span = new SilenceSpan(TimeSpan.FromSeconds((double)start / sampleRate), TimeSpan.FromSeconds((double)i / sampleRate));
                if (span.Duration >= minimum)
                    spans.Add(span);
                start = -1;
            }
        }
        return spans;
    }

    private static float[] ToFloat(ReadOnlySpan<short> samples)
    {
        var result = new float[samples.Length];
        for (var i = 0; i < samples.Length; i++)
            result[i] = samples[i];
        return result;
    }

    private static double[] PrefixEnergy(float[] samples)
    {
        var prefix = new double[samples.Length + 1];
        for (var i = 0; i < samples.Length; i++)
            prefix[i + 1] = prefix[i] + ((double)samples[i] * samples[i]);
        return prefix;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = Vector<float>.Count;
        var acc = Vector<float>.Zero;
        var i = 0;
        double total = 0;
        // Flush the float accumulator periodically so long signals keep double-like precision.
        for (var block = 0; i <= a.Length - width; i += width, block++)
        {
            acc += new Vector<float>(a.Slice(i, width)) * new Vector<float>(b.Slice(i, width));
            if (block == 255)
            {
                total += Vector.Sum(acc);
                acc = Vector<float>.Zero;
                block = -1;
            }
        }
        total += Vector.Sum(acc);
        for (; i < a.Length; i++)
            total += (double)a[i] * b[i];
        return total;
    }
}
