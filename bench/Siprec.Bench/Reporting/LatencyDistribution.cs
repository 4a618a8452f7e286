using System.Globalization;

namespace Siprec.Bench.Reporting;

/// <summary>Percentiles of a set of durations in milliseconds (nearest-rank).</summary>
/// <param name="Count">Number of samples.</param>
/// <param name="P50">Median.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Largest sample.</param>
public sealed record LatencyDistribution(int Count, double P50, double P99, double Max)
{
    /// <summary>The distribution of <paramref name="samples"/>; all zero when empty.</summary>
    public static LatencyDistribution Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
            return new LatencyDistribution(0, 0, 0, 0);
        return new LatencyDistribution(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1]);
    }

    /// <summary>"p50 X ms, p99 Y ms (n=N)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {P50:F2} ms, p99 {P99:F2} ms, max {Max:F1} ms (n={Count})");

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
