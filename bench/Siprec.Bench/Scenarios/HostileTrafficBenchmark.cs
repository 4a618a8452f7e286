using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Sip;
using Siprec.Tests.Shared;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// Hostile SIP: after a warm-up (valid calls and a few seconds of mutated SIP), S seconds of seeded mutated SIPREC
/// INVITEs over UDP at a fixed rate, one in <see cref="HalfValidEvery"/> a well-formed INVITE never acknowledged and
/// never followed by RTP. The server's RSS (VmRSS) is sampled throughout; the round's growth is read once the sessions
/// of the unacknowledged INVITEs have been reaped by the ACK and RTP timeouts. Then a valid call and /health/ready.
/// </summary>
public static class HostileTrafficBenchmark
{
    private const string Name = "hostile";
    private const int HalfValidEvery = 100;
    private const int WarmUpCalls = 50;
    private const int WarmUpHostileSeconds = 5;
    private const long GrowthTargetKilobytes = 64 * 1024;
    private const string RtpTimeout = "20s";

    // Five lines a minute per source (one source here) and one summary.
    private const int RefusalLinesPerMinute = 6;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(500);

    // Timer H (64*T1 = 32 s) ends an unacknowledged INVITE, the BYE that follows may wait 32 s more for its answer.
    private static readonly TimeSpan ReapBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    /// <summary>Runs the warm-up, the measured round and the checks against one fresh server.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var args = context.Arguments;
        await using var server = await context.StartServerAsync("hostile-server", new Dictionary<string, string>
        {
            ["RTP_TIMEOUT"] = RtpTimeout,
            // The log volume is a figure of this scenario: the default level, not the bench's warn.
            ["LOG_LEVEL"] = "info",
        }).ConfigureAwait(false);
        var gc = string.Join(", ", args.ServerEnvironment.Where(e => e.Key.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase)).Select(e => $"{e.Key}={e.Value}"));
        context.Figure(Name, "GC settings given to the server", gc.Length == 0 ? "the project's (none overridden)" : gc);

        context.Progress.WriteLine($"hostile: warm-up, {WarmUpCalls} calls and {WarmUpHostileSeconds} s of mutated SIP ...");
        await ValidCallsAsync(server, WarmUpCalls, "warm").ConfigureAwait(false);
        await using (var warm = new HostileSipSender(server.SipPort, args.Seed + 1, HalfValidEvery))
            await warm.SendAsync(args.HostileRate, TimeSpan.FromSeconds(WarmUpHostileSeconds), CancellationToken.None).ConfigureAwait(false);
        var warmLeft = await WaitForNoSessionsAsync(server, ReapBound).ConfigureAwait(false);
        context.Figure(Name, "sessions left after the warm-up's timeouts", warmLeft.ToString(CultureInfo.InvariantCulture), "0", warmLeft == 0);

        var before = server.Usage().ResidentKilobytes;
        var breakdownBefore = ProcessUsage.ResidentBreakdown(server.ProcessId);
        var heapBefore = await ManagedHeapAsync(server).ConfigureAwait(false);
        var malformedBefore = await MalformedAsync(server).ConfigureAwait(false);
        var linesBefore = server.ReadLog().Count;
        context.Progress.WriteLine($"hostile: {args.HostileSeconds} s of mutated SIP at {args.HostileRate}/s (seed {args.Seed}) ...");
        var peak = before;
        HostileSipSummary summary;
        int liveAtEnd;
        await using (var sender = new HostileSipSender(server.SipPort, args.Seed, HalfValidEvery))
        {
            var sending = sender.SendAsync(args.HostileRate, TimeSpan.FromSeconds(args.HostileSeconds), CancellationToken.None);
            while (!sending.IsCompleted)
            {
                peak = Math.Max(peak, server.Usage().ResidentKilobytes);
                await Task.WhenAny(sending, Task.Delay(SampleInterval)).ConfigureAwait(false);
            }
            await sending.ConfigureAwait(false);
            liveAtEnd = await server.SessionCountAsync().ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            int left;
            while ((left = await server.SessionCountAsync().ConfigureAwait(false)) > 0 && clock.Elapsed < ReapBound)
            {
                peak = Math.Max(peak, server.Usage().ResidentKilobytes);
                await Task.Delay(SampleInterval).ConfigureAwait(false);
            }
            context.Figure(Name, "live sessions at the end of the round / left after the ACK and RTP timeouts", $"{liveAtEnd} / {left} (reaped in {clock.Elapsed.TotalSeconds:F0} s)", "0 left", left == 0);
            summary = sender.Summary;
        }
        var settled = Stopwatch.StartNew();
        while (settled.Elapsed < Settle)
        {
            peak = Math.Max(peak, server.Usage().ResidentKilobytes);
            await Task.Delay(SampleInterval).ConfigureAwait(false);
        }
        var after = server.Usage().ResidentKilobytes;
        var round = server.ReadLog().Skip(linesBefore).ToArray();
        var rateLimited = round.Count(l => l.Contains("Malformed message from", StringComparison.Ordinal) || l.Contains("\"Refused ", StringComparison.Ordinal) || l.Contains("were not logged one by one", StringComparison.Ordinal));
        var sessionsStarted = round.Count(l => l.Contains("Recording session started", StringComparison.Ordinal));
        var malformed = await MalformedAsync(server).ConfigureAwait(false) - malformedBefore;
        var metrics = await server.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)).ConfigureAwait(false);

        context.Figure(Name, "datagrams sent (half-valid INVITEs)", $"{summary.Sent} ({summary.HalfValidInvites}) at {args.HostileRate}/s for {args.HostileSeconds} s");
        context.Figure(Name, "answers received 2xx / 4xx / 5xx (with retransmissions)", $"{summary.Answered2xx} / {summary.Answered4xx} / {summary.Answered5xx}");
        context.Figure(Name, "messages counted as malformed (siprec_sip_malformed_total)", F(malformed, "F0"), "> 0", malformed > 0);
        context.Figure(Name, "server RSS before / peak / after", $"{before / 1024} / {peak / 1024} / {after / 1024} MB");
        context.Figure(Name, "RSS growth over the round (after the timeouts + 10 s)", $"{(after - before) / 1024} MB", "< 64 MB", after - before < GrowthTargetKilobytes);
        context.Figure(Name, "RSS before: where", breakdownBefore);
        context.Figure(Name, "RSS after: where", ProcessUsage.ResidentBreakdown(server.ProcessId));
        context.Figure(Name, "managed heap before / after (dotnet_total_memory_bytes)", $"{F(heapBefore, "F0")} / {F(ManagedHeap(metrics), "F0")} MB");
        context.Figure(Name, "garbage collections since start gen0 / gen1 / gen2", $"{Collections(metrics, "0")} / {Collections(metrics, "1")} / {Collections(metrics, "2")}");
        var minutes = (int)Math.Ceiling((args.HostileSeconds + ReapBound.TotalSeconds) / 60);
        context.Figure(Name, "log lines written during the round and the timeouts (sessions started)", $"{round.Length} ({sessionsStarted})", "< 4 per session started + refusals", round.Length < 4 * sessionsStarted + RefusalLinesPerMinute * minutes);
        context.Figure(Name, "of them malformed/refused lines and summaries", rateLimited.ToString(CultureInfo.InvariantCulture), $"<= {RefusalLinesPerMinute} a minute", rateLimited <= RefusalLinesPerMinute * minutes);

        var (ok, _) = await ValidCallsAsync(server, 1, "after").ConfigureAwait(false);
        using var ready = await server.Http.GetAsync(new Uri("health/ready", UriKind.Relative)).ConfigureAwait(false);
        context.Figure(Name, "a valid call afterwards / GET /health/ready", $"{(ok == 1 ? "answered and ended" : "FAILED")} / {(int)ready.StatusCode}", "answered / 200", ok == 1 && ready.IsSuccessStatusCode);
    }

    private static async Task<(int Answered, int Ended)> ValidCallsAsync(ServerUnderTest server, int calls, string prefix)
    {
        await using var client = new SiprecCallClient(server.SipPort);
        var (answered, _) = await client.PlaceCallsAsync(calls, 10, LoopbackPorts.Free(), prefix).ConfigureAwait(false);
        var ended = await client.HangUpAsync(answered, 10).ConfigureAwait(false);
        return (answered.Count, ended);
    }

    private static async Task<double> MalformedAsync(ServerUnderTest server)
    {
        var metrics = await server.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)).ConfigureAwait(false);
        return PrometheusText.Sum(metrics, "siprec_sip_malformed_total");
    }

    private static async Task<double> ManagedHeapAsync(ServerUnderTest server) =>
        ManagedHeap(await server.Http.GetStringAsync(new Uri("metrics", UriKind.Relative)).ConfigureAwait(false));

    private static double ManagedHeap(string metrics) => PrometheusText.Sum(metrics, "dotnet_total_memory_bytes") / (1024 * 1024);

    private static string Collections(string metrics, string generation) =>
        F(PrometheusText.Sum(metrics, $"dotnet_collection_count_total{{generation=\"{generation}\"}}"), "F0");

    private static async Task<int> WaitForNoSessionsAsync(ServerUnderTest server, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        int count;
        while ((count = await server.SessionCountAsync().ConfigureAwait(false)) > 0 && clock.Elapsed < bound)
            await Task.Delay(SampleInterval).ConfigureAwait(false);
        return count;
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
