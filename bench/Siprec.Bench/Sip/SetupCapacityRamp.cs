using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;

namespace Siprec.Bench.Sip;

/// <summary>
/// Finds the call set-up capacity of a running server: SIPp places calls (<c>-d 0</c>) for a few seconds at a rate
/// that grows by a quarter each step, until a step has a failed call or an INVITE→200 p99 at or above the target.
/// The capacity is the last rate that passed, so it is known to within 25 %.
/// </summary>
public static class SetupCapacityRamp
{
    /// <summary>p99 INVITE→200 a step must stay below to pass, the set-up scenario's target.</summary>
    public const double P99TargetMs = 50;

    private const int FirstRate = 50;
    private const double Growth = 1.25;
    private const int StepSeconds = 3;
    private const int MaxSteps = 16;
    private const int MaxRate = 5000;

    /// <summary>Ramps against the server at <paramref name="serverPort"/>; each step's SIPp files go under <paramref name="context"/>'s work directory.</summary>
    public static async Task<SetupCapacity> MeasureAsync(BenchContext context, string scenario, int serverPort)
    {
        ArgumentNullException.ThrowIfNull(context);
        var steps = new List<string>();
        var capacity = 0;
        var rate = FirstRate;
        for (var step = 0; step < MaxSteps && rate <= MaxRate; step++)
        {
            var calls = rate * StepSeconds;
            var bound = TimeSpan.FromSeconds(StepSeconds + 60);
            context.Progress.WriteLine($"overload: capacity step {rate}/s ...");
            SippStatistics stats;
            await using (var sipp = SippLoad.Start(scenario, context.Step($"overload-ramp-{rate}"), serverPort, calls, rate, 1000, TimeSpan.Zero, bound))
                stats = await sipp.WaitAsync(bound).ConfigureAwait(false);
            var p99 = LatencyDistribution.Of(stats.ResponseTimesMs).P99;
            var passed = stats.Failed == 0 && stats.Successful == calls && p99 < P99TargetMs;
            steps.Add(passed
                ? $"{Text(rate)} ok"
                : $"{Text(rate)}: {stats.Successful.ToString(CultureInfo.InvariantCulture)} ok / {stats.Failed.ToString(CultureInfo.InvariantCulture)} failed, p99 {p99.ToString("F0", CultureInfo.InvariantCulture)} ms");
            if (!passed)
                break;
            capacity = rate;
            rate = (int)Math.Round(rate * Growth);
        }
        return new SetupCapacity(capacity, string.Join(", ", steps));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
