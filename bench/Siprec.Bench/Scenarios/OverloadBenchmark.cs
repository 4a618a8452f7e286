using System.Globalization;
using System.Text.RegularExpressions;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;
using Siprec.Bench.Sip;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// SIP overload: the server's set-up capacity is measured (or given), then SIPp offers a multiple of it for some
/// seconds with a scenario that takes a 503 as a final answer, while a console-like client polls the API. Figures:
/// goodput against capacity, INVITEs left without a final answer by timer B, answered calls that then failed, 503s
/// with Retry-After, and the API's latency during the overload.
/// </summary>
public static partial class OverloadBenchmark
{
    private const string Name = "overload";
    private const int WarmUpCalls = 200;
    private const int WarmUpRate = 50;
    private const double GoodputTargetPercent = 90;
    private const double ApiP99TargetMs = 50;
    private const int BaselineSeconds = 3;

    // Timer B (64 × T1) with SIPp's default T1 of 500 ms; SIPp gives up an unanswered INVITE after its fifth
    // retransmission and 16 s more, at 31.5 s.
    private static readonly TimeSpan TimerB = TimeSpan.FromSeconds(32);

    // One API request every 10 ms, an operator console's polling at a generous rate.
    private static readonly TimeSpan ApiInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs the capacity measurement and the overload against one fresh server.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!SippLoad.IsInstalled())
        {
            context.Figure(Name, "skipped", "sipp is not installed (Debian package sip-tester)");
            return;
        }
        var load = Path.Combine(AppContext.BaseDirectory, "Scenarios", "uac-siprec-load.xml");
        var overload = Path.Combine(AppContext.BaseDirectory, "Scenarios", "uac-siprec-overload.xml");
        await using var server = await context.StartServerAsync("overload-server").ConfigureAwait(false);

        var capacity = await CapacityAsync(context, load, server).ConfigureAwait(false);
        context.Progress.WriteLine($"overload: set-up capacity {Text(capacity)} calls/s");
        await OverloadAsync(context, overload, server, capacity).ConfigureAwait(false);
    }

    private static async Task<int> CapacityAsync(BenchContext context, string scenario, ServerUnderTest server)
    {
        var given = context.Arguments.Capacity;
        // A given capacity may be tiny (a quick check of the harness), so its warm-up is scaled down with it.
        var warmCalls = given == 0 ? WarmUpCalls : Math.Min(WarmUpCalls, given * context.Arguments.OverloadSeconds);
        var warmRate = given == 0 ? WarmUpRate : Math.Min(WarmUpRate, given);
        var warmBound = TimeSpan.FromSeconds(warmCalls / (double)warmRate + 60);
        await using (var warm = SippLoad.Start(scenario, context.Step("overload-warm-up"), server.SipPort, warmCalls, warmRate, 1000, TimeSpan.Zero, warmBound))
        {
            var stats = await warm.WaitAsync(warmBound).ConfigureAwait(false);
            context.Figure(Name, $"warm-up calls ok / failed (-m {Text(warmCalls)} -r {Text(warmRate)}, not measured)", $"{stats.Successful} / {stats.Failed}");
        }

        if (given > 0)
        {
            context.Figure(Name, "set-up capacity (given with --capacity)", $"{Text(given)} calls/s");
            return given;
        }
        var measured = await SetupCapacityRamp.MeasureAsync(context, scenario, server.SipPort).ConfigureAwait(false);
        if (measured.CallsPerSecond == 0)
            throw new InvalidOperationException($"the set-up capacity could not be measured: {measured.Steps}");
        context.Figure(Name, $"set-up capacity (highest rate with 0 failed and p99 INVITE→200 < {Text((int)SetupCapacityRamp.P99TargetMs)} ms)",
            $"{Text(measured.CallsPerSecond)} calls/s (steps: {measured.Steps})");
        return measured.CallsPerSecond;
    }

    private static async Task OverloadAsync(BenchContext context, string scenario, ServerUnderTest server, int capacity)
    {
        var args = context.Arguments;
        var rate = capacity * args.OverloadFactor;
        var calls = rate * args.OverloadSeconds;

        // One live call whose pause-status the API client polls, as a console watching a call would.
        await using var client = new SiprecCallClient(server.SipPort);
        var (held, heldFailed) = await client.PlaceCallsAsync(1, 1, LoopbackPorts.Free(), "overload-api").ConfigureAwait(false);
        if (held.Count != 1)
            throw new InvalidOperationException($"the call watched through the API was not answered ({Text(heldFailed)} failed)");
        var statusPath = $"api/sessions/{Uri.EscapeDataString(held[0].CallId)}/pause-status";
        const string listPath = "api/sessions";

        // The same polling first without SIP load, so the overload figures can be told from what the machine gives anyway.
        var baseline = new ApiLatencyProbe(server.Http, [statusPath, listPath], ApiInterval);
        await baseline.RunAsync(TimeSpan.FromSeconds(Math.Min(args.OverloadSeconds, BaselineSeconds))).ConfigureAwait(false);
        ApiFigure(context, "GET pause-status of a live call before the overload", baseline.Latency(statusPath), target: false);
        ApiFigure(context, "GET /api/sessions before the overload", baseline.Latency(listPath), target: false);

        var probe = new ApiLatencyProbe(server.Http, [statusPath, listPath], ApiInterval);
        var refusedBefore = await OverloadRefusalsAsync(server).ConfigureAwait(false);
        var droppedBefore = UdpSocketDrops.Read(server.SipPort);

        context.Progress.WriteLine($"overload: {Text(calls)} calls at {Text(rate)}/s ({Text(args.OverloadFactor)} × capacity for {Text(args.OverloadSeconds)} s) ...");
        var bound = TimeSpan.FromSeconds(args.OverloadSeconds) + TimerB + TimeSpan.FromSeconds(60);
        SippStatistics stats;
        await using (var sipp = SippLoad.Start(scenario, context.Step("overload-offer"), server.SipPort, calls, rate, calls, TimeSpan.Zero, bound))
        {
            await probe.RunAsync(TimeSpan.FromSeconds(args.OverloadSeconds)).ConfigureAwait(false);
            stats = await sipp.WaitAsync(bound).ConfigureAwait(false);
        }
        var refusedByServer = await OverloadRefusalsAsync(server).ConfigureAwait(false) - refusedBefore;
        var dropped = UdpSocketDrops.Read(server.SipPort) - droppedBefore;
        var heldEnded = await client.HangUpAsync(held, 1).ConfigureAwait(false);
        var left = await server.WaitForSessionCountAsync(0, TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        var outcomes = stats.LoggedAfter("OUTCOME");
        var answered = outcomes.Count(o => o == "answered");
        var refused = outcomes.Count(o => o == "refused");
        var withRetryAfter = stats.LoggedAfter("RETRY-AFTER").Count(v => v.StartsWith("Retry-After:", StringComparison.Ordinal) && char.IsAsciiDigit(v[^1]));
        var answerTimes = stats.ResponseTimes(1);
        var refusalTimes = stats.ResponseTimes(2);
        // A refused call ends successfully right after its ACK, so the other successful calls are the answered ones
        // that completed (ACK, BYE, 200).
        var answeredCompleted = stats.Successful - refused;
        var answeredFailed = answered - answeredCompleted;
        var late = answerTimes.Concat(refusalTimes).Count(t => t >= TimerB.TotalMilliseconds);
        var unanswered = stats.Placed - answered - refused + late;
        var goodput = answeredCompleted > 1 && stats.AnswerSpan > TimeSpan.Zero ? (answeredCompleted - 1) / stats.AnswerSpan.TotalSeconds : 0;
        var goodputPercent = 100 * goodput / capacity;

        context.Figure(Name, "calls offered", $"{Text(calls)} at {Text(rate)}/s ({Text(args.OverloadFactor)} × {Text(capacity)}/s for {Text(args.OverloadSeconds)} s); " +
            $"SIPp placed {stats.Placed} in {F(stats.OfferSpan.TotalSeconds, "F0")} s");
        context.Figure(Name, "answered 200 / refused 503 / no final answer", $"{Text(answered)} / {Text(refused)} / {stats.Placed - answered - refused}");
        context.Figure(Name, "goodput: calls answered and completed per second (over the span of answers)",
            $"{F(goodput, "F0")}/s = {F(goodputPercent, "F0")} % of capacity", $">= {F(GoodputTargetPercent, "F0")} %", goodputPercent >= GoodputTargetPercent);
        context.Figure(Name, $"INVITEs with no final answer within timer B ({F(TimerB.TotalSeconds, "F0")} s)",
            $"{unanswered} (SIPp FailedMaxUDPRetrans {stats.Counter("FailedMaxUDPRetrans(C)")})", "0", unanswered == 0);
        context.Figure(Name, "answered calls that then failed (ACK, BYE)", answeredFailed.ToString(CultureInfo.InvariantCulture), "0", answeredFailed == 0);
        context.Figure(Name, "503s carrying Retry-After", $"{Text(withRetryAfter)} of {Text(refused)}", "all", withRetryAfter == refused);
        context.Figure(Name, "503s by reason phrase", Reasons(stats.LoggedAfter("REFUSED-WITH")));
        context.Figure(Name, "INVITEs refused for overload by the server (siprec_sip_overload_refusals_total)", F(refusedByServer, "F0"));
        context.Figure(Name, "INVITE→200 (answered calls)", LatencyDistribution.Of(answerTimes).ToString());
        context.Figure(Name, "INVITE→503 (refused calls)", LatencyDistribution.Of(refusalTimes).ToString());
        context.Figure(Name, "SIPp retransmissions (INVITE, BYE)", stats.Counter("Retransmissions(C)").ToString(CultureInfo.InvariantCulture));
        context.Figure(Name, "datagrams dropped at the server's SIP socket, receive buffer full (/proc/net/udp)", dropped?.ToString(CultureInfo.InvariantCulture) ?? "not available");
        ApiFigure(context, "GET pause-status of a live call during the overload", probe.Latency(statusPath));
        ApiFigure(context, "GET /api/sessions during the overload", probe.Latency(listPath));
        context.Figure(Name, "API requests failed during the overload", Text(probe.Failures), "0", probe.Failures == 0);
        context.Figure(Name, "sessions left after the overload and the watched call's BYE", $"{Text(left)}; the watched call's BYE {(heldEnded == 1 ? "answered 200" : "failed")}",
            "0", left == 0 && heldEnded == 1);
    }

    private static void ApiFigure(BenchContext context, string name, LatencyDistribution latency, bool target = true)
    {
        var figure = $"{name} (n={Text(latency.Count)}) p50 / p99 / max";
        var value = $"{F(latency.P50, "F2")} / {F(latency.P99, "F2")} / {F(latency.Max, "F1")} ms";
        if (target)
            context.Figure(Name, figure, value, $"p99 < {F(ApiP99TargetMs, "F0")} ms", latency.Count > 0 && latency.P99 < ApiP99TargetMs);
        else
            context.Figure(Name, figure, value);
    }

    private static string Reasons(IReadOnlyList<string> statusLines)
    {
        if (statusLines.Count == 0)
            return "none";
        return string.Join(", ", statusLines
            .Select(l => l.StartsWith("SIP/2.0 503 ", StringComparison.Ordinal) ? l["SIP/2.0 503 ".Length..].Trim() : "?")
            .GroupBy(r => r, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {Text(g.Count())}"));
    }

    private static async Task<double> OverloadRefusalsAsync(ServerUnderTest server)
    {
        var text = await server.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)).ConfigureAwait(false);
        var match = InviteRefusals().Match(text);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^siprec_sip_overload_refusals_total\{method="INVITE"\} (\S+)""", RegexOptions.Multiline)]
    private static partial Regex InviteRefusals();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
