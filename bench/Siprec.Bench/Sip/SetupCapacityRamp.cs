using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;

namespace Siprec.Bench.Sip;

/// <summary>
/// Finds the call set-up capacity of a running server: SIPp places calls (<c>-d 0</c>) for a few seconds per step, at a
/// rate that doubles until a step has a failed call or an INVITE→200 p99 at or above the target (twice: a failing step is
/// run again), then halves the interval between the last rate that passed and the first that failed a few times. The capacity is the highest rate
/// that passed, known to within about a tenth.
/// </summary>
public static class SetupCapacityRamp
{
    /// <summary>p99 INVITE→200 a step must stay below to pass, the set-up scenario's target.</summary>
    public const double P99TargetMs = 50;

    private const int FirstRate = 10;
    private const int MaxRate = 5000;
    private const int StepSeconds = 3;
    private const int MaxSteps = 20;
    private const int Attempts = 2;

    /// <summary>Ramps against the server at <paramref name="serverPort"/>; each step's SIPp files go under <paramref name="context"/>'s work directory.</summary>
    public static async Task<SetupCapacity> MeasureAsync(BenchContext context, string scenario, int serverPort)
    {
        ArgumentNullException.ThrowIfNull(context);
        var steps = new List<string>();
        int passed = 0, failed = 0;
        var rate = FirstRate;
        while (steps.Count < MaxSteps)
        {
            if (await StepAsync(context, scenario, serverPort, rate, steps).ConfigureAwait(false))
                passed = rate;
            else
                failed = rate;
            if (failed == 0 && rate < MaxRate)
                rate = Math.Min(2 * rate, MaxRate);
            else if (passed == 0 || failed == 0 || failed - passed <= Math.Max(2, passed / 10))
                break;
            else
                rate = (passed + failed) / 2;
        }
        return new SetupCapacity(passed, string.Join(", ", steps));
    }

    private static async Task<bool> StepAsync(BenchContext context, string scenario, int serverPort, int rate, List<string> steps)
    {
        // A step that fails is run once more before it counts: on a shared machine one slow moment sets a short run's p99.
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var calls = rate * StepSeconds;
            var bound = TimeSpan.FromSeconds(StepSeconds + 60);
            context.Progress.WriteLine($"overload: capacity step {Text(rate)}/s ...");
            SippStatistics stats;
            await using (var sipp = SippLoad.Start(scenario, context.Step($"overload-ramp-{Text(rate)}-{Text(attempt)}"), serverPort, calls, rate, 1000, TimeSpan.Zero, bound))
                stats = await sipp.WaitAsync(bound).ConfigureAwait(false);
            var p99 = LatencyDistribution.Of(stats.ResponseTimesMs).P99;
            var passed = stats.Failed == 0 && stats.Successful == calls && p99 < P99TargetMs;
            steps.Add($"{Text(rate)}/s {(passed ? "ok" : "NO")} ({stats.Successful.ToString(CultureInfo.InvariantCulture)} ok / {stats.Failed.ToString(CultureInfo.InvariantCulture)} failed, p99 {p99.ToString("F0", CultureInfo.InvariantCulture)} ms)");
            if (passed)
                return true;
        }
        return false;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
