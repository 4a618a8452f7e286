using System.Globalization;

namespace Siprec.Tests.Shared;

/// <summary>Reads values out of a Prometheus text exposition (GET /metrics).</summary>
public static class PrometheusText
{
    /// <summary>The sum of every series of <paramref name="metric"/> (all label sets); 0 when it has none.</summary>
    public static double Sum(string exposition, string metric)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        double sum = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(metric, StringComparison.Ordinal) || line.Length <= metric.Length || line[metric.Length] is not ('{' or ' '))
                continue;
            var value = line[(line.LastIndexOf(' ') + 1)..].Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                sum += parsed;
        }
        return sum;
    }
}
