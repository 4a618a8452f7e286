using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;
using Siprec.Bench.Sip;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// SIP set-up: SIPp places SIPREC calls at a fixed rate (set-ups/s, INVITE→200 p50/p99), then holds N calls at once
/// (sessions listed by <c>GET /api/sessions</c>, failures) and ends them with BYE.
/// </summary>
public static class SipSetupBenchmark
{
    private const string Name = "setup";
    private const int HoldRampRate = 100;
    private const int WarmUpCalls = 200;
    private const int WarmUpRate = 50;
    private const int SetupRateTarget = 500;
    private const double P99TargetMs = 50;

    /// <summary>Runs both parts against one fresh server.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SippLoad.IsInstalled())
        {
            context.Figure(Name, "skipped", "sipp is not installed (Debian package sip-tester)");
            return;
        }
        var scenario = Path.Combine(AppContext.BaseDirectory, "Scenarios", "uac-siprec-load.xml");
        await RateAsync(context, scenario).ConfigureAwait(false);
        await HoldAsync(context, scenario).ConfigureAwait(false);
    }

    private static async Task RateAsync(BenchContext context, string scenario)
    {
        var args = context.Arguments;
        await using var server = await context.StartServerAsync("setup-server").ConfigureAwait(false);

        // A short warm-up first, so the figures are of a server past JIT compilation and first-use allocations.
        var warmBound = TimeSpan.FromSeconds(WarmUpCalls / (double)WarmUpRate + 60);
        await using (var warm = SippLoad.Start(scenario, context.Step("setup-warm-up"), server.SipPort, WarmUpCalls, WarmUpRate, 1000, TimeSpan.Zero, warmBound))
        {
            var warmStats = await warm.WaitAsync(warmBound).ConfigureAwait(false);
            context.Figure(Name, $"warm-up calls ok / failed (-m {WarmUpCalls} -r {WarmUpRate}, not measured)", $"{warmStats.Successful} / {warmStats.Failed}");
        }

        context.Progress.WriteLine($"setup: {args.SetupCalls} calls at {args.SetupRate}/s ...");
        var rateBound = TimeSpan.FromSeconds(args.SetupCalls / (double)args.SetupRate + 60);
        var before = server.Usage();
        var rate = SippLoad.Start(scenario, context.Step("setup-rate"), server.SipPort, args.SetupCalls, args.SetupRate, 1000, TimeSpan.Zero, rateBound);
        SippStatistics stats;
        await using (rate)
            stats = await rate.WaitAsync(rateBound).ConfigureAwait(false);
        var cpu = server.Usage().CpuSeconds - before.CpuSeconds;
        var latency = LatencyDistribution.Of(stats.ResponseTimesMs);
        context.Figure(Name, $"calls ok / failed (-m {args.SetupCalls} -r {args.SetupRate})", $"{stats.Successful} / {stats.Failed}", "0 failed", stats.Failed == 0 && stats.Successful == args.SetupCalls);
        context.Figure(Name, $"call set-ups/s achieved (offered {args.SetupRate}/s)", F(stats.AnswersPerSecond, "F0"), $">= {SetupRateTarget}", stats.AnswersPerSecond >= SetupRateTarget);
        context.Figure(Name, "server CPU per call (INVITE, ACK, BYE)", $"{F(stats.Successful > 0 ? cpu * 1000 / stats.Successful : 0, "F2")} ms");
        context.Figure(Name, "INVITE→200 p50", $"{F(latency.P50, "F1")} ms");
        context.Figure(Name, "INVITE→200 p99", $"{F(latency.P99, "F1")} ms (max {F(latency.Max, "F0")} ms)", $"< {F(P99TargetMs, "F0")} ms", latency.P99 < P99TargetMs);
    }

    private static async Task HoldAsync(BenchContext context, string scenario)
    {
        // A fresh server: calls left over by failures of the rate test would count against MAX_SESSIONS.
        await using var server = await context.StartServerAsync("hold-server").ConfigureAwait(false);
        var calls = context.Arguments.Calls;
        var ramp = TimeSpan.FromSeconds(Math.Ceiling(calls / (double)HoldRampRate) + 2);
        var hold = ramp + TimeSpan.FromSeconds(context.Arguments.Seconds);
        var bound = hold + TimeSpan.FromSeconds(90);
        context.Progress.WriteLine($"setup: holding {calls} calls for {context.Arguments.Seconds} s ...");
        var maxSeen = 0;
        var sipp = SippLoad.Start(scenario, context.Step("setup-hold"), server.SipPort, calls, HoldRampRate, calls, hold, bound);
        SippStatistics stats;
        await using (sipp)
        {
            var clock = Stopwatch.StartNew();
            while (sipp.IsRunning && clock.Elapsed < hold)
            {
                maxSeen = Math.Max(maxSeen, await server.SessionCountAsync().ConfigureAwait(false));
                await Task.Delay(500).ConfigureAwait(false);
            }
            stats = await sipp.WaitAsync(bound).ConfigureAwait(false);
        }
        var after = await server.WaitForSessionCountAsync(0, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        context.Figure(Name, $"concurrent sessions listed by GET /api/sessions (-l {calls})", maxSeen.ToString(CultureInfo.InvariantCulture), $"= {calls}", maxSeen == calls);
        context.Figure(Name, "held calls ok / failed", $"{stats.Successful} / {stats.Failed}", "0 failed", stats.Failed == 0 && stats.Successful == calls);
        context.Figure(Name, "sessions left after BYE", after.ToString(CultureInfo.InvariantCulture), "0", after == 0);
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
