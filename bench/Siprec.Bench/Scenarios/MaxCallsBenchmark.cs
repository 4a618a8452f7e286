using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Rtp;
using Siprec.Bench.Sip;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// Capacity: the largest number of concurrent two-leg G.711 calls recorded with less than 0.01 % loss, with the spread
/// sender on the same cores. One server takes the steps in turn (calls are added between steps, every call keeps its
/// RTP stream), each step sending to every call for a warm-up and the measured seconds; the C receiver then takes the
/// same steps with the same sender. Loss is split into datagrams dropped at the receiving sockets (<c>/proc/net/udp</c>)
/// and the rest, and each step shows the CPU of the receiver, of the sender and of the machine, so a broken step says why.
/// </summary>
public static class MaxCallsBenchmark
{
    private const string Name = "max-calls";
    private const double LossLimitPercent = 0.01;
    private const double CapacityRatioTarget = 0.8;

    // Packets are never skipped, only sent late; a window a little longer than scheduled is the measurement's edge, a
    // percent is a sender that could not keep up.
    private const double ScheduleTolerance = 0.01;

    // After the first step the server's code is compiled and its calls are running; a short warm-up lets the new
    // calls' first packets and the sender settle.
    private const int LaterWarmupSeconds = 3;

    // How long a server behind its load may take to read what waits in its sockets before the rest counts as lost.
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(15);

    /// <summary>Steps the server, then the C receiver, and compares their largest loss-free step.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var steps = context.Arguments.Steps.Where(n => n <= context.Arguments.MaxCalls).ToArray();
        if (steps.Length == 0)
        {
            context.Figure(Name, "skipped", $"no step at or below --max-calls {context.Arguments.MaxCalls}");
            return;
        }
        var server = await ServerAsync(context, steps).ConfigureAwait(false);
        var baseline = await BaselineAsync(context, steps).ConfigureAwait(false);
        if (baseline is not int c || c == 0)
            return;
        var ratio = server / (double)c;
        context.Figure(Name, "server / C receiver max calls (same sender, same run)", $"{F(ratio * 100, "F0")} % ({server} / {c})",
            $">= {F(CapacityRatioTarget * 100, "F0")} %", ratio >= CapacityRatioTarget);
    }

    private static async Task<int> ServerAsync(BenchContext context, int[] steps)
    {
        var args = context.Arguments;
        var portCount = ServerUnderTest.PortsFor(steps[^1]);
        await using var server = await context.StartServerAsync("max-calls-server", sessions: steps[^1]).ConfigureAwait(false);
        var idle = server.Usage();
        await using var client = new SiprecCallClient(server.SipPort);
        var senderPort = context.SenderPort(steps[^1]);
        var epoch = Stopwatch.GetTimestamp();
        var answered = new List<AnsweredCall>();
        var best = 0;
        var broke = false;
        for (var i = 0; i < steps.Length && !broke; i++)
        {
            var calls = steps[i];
            var wanted = calls - answered.Count;
            context.Progress.WriteLine($"max-calls: server, adding {wanted} calls ...");
            var (more, failed) = await client.PlaceCallsAsync(wanted, 20, senderPort, $"max{calls.ToString(CultureInfo.InvariantCulture)}").ConfigureAwait(false);
            answered.AddRange(more);
            if (failed > 0)
            {
                context.Figure(Name, $"server, {calls} calls", $"{failed} of {wanted} new calls failed to set up", "0 failed", false);
                break;
            }
            var ports = answered.SelectMany(c => c.MediaPorts).ToArray();
            using var sender = new RtpSenderGroup(ports, senderPort, RtpSenderGroup.ThreadsFor(ports.Length), epoch, args.SenderNice);
            var warmup = i == 0 ? args.WarmupSeconds : Math.Min(LaterWarmupSeconds, args.WarmupSeconds);
            context.Progress.WriteLine($"max-calls: server, {calls} calls ({ports.Length} streams), {warmup} s of warm-up and {args.Seconds} s measured ...");
            var dropsBefore = UdpCounters.SocketDrops(args.RtpPortBase, portCount);
            var acceptedBefore = await server.RtpPacketsAcceptedAsync().ConfigureAwait(false);
            var window = await MeasuredWindow.MeasureAsync(sender, RtpSendMode.Spread, warmup, args.Seconds, server.Usage).ConfigureAwait(false);
            var accepted = await server.RtpPacketsAcceptedSettledAsync(SettleBound).ConfigureAwait(false) - acceptedBefore;
            var drops = UdpCounters.SocketDrops(args.RtpPortBase, portCount) - dropsBefore;
            var rssPerCall = (window.After.ResidentKilobytes - idle.ResidentKilobytes) / (double)calls;
            broke = !Report(context, "server", calls, ports.Length, window, accepted, drops, $", RSS {F(rssPerCall, "F0")} KB per call");
            if (!broke)
                best = calls;
        }
        context.Figure(Name, "server: max calls with < 0.01 % loss", Largest(best, broke, steps));
        await client.HangUpAsync(answered, 20).ConfigureAwait(false);
        return best;
    }

    private static async Task<int?> BaselineAsync(BenchContext context, int[] steps)
    {
        var args = context.Arguments;
        var directory = context.Step("max-calls-c-receiver");
        var (executable, reason) = await CReceiver.BuildAsync(directory).ConfigureAwait(false);
        if (executable is null)
        {
            context.Figure(Name, "C receiver", "not run: " + reason);
            return null;
        }
        var best = 0;
        var broke = false;
        for (var i = 0; i < steps.Length && !broke; i++)
        {
            var calls = steps[i];
            var streams = calls * 2;
            var warmup = i == 0 ? args.WarmupSeconds : Math.Min(LaterWarmupSeconds, args.WarmupSeconds);
            context.Progress.WriteLine($"max-calls: C receiver, {calls} calls ({streams} streams), {warmup} s of warm-up and {args.Seconds} s measured ...");
            await using var receiver = await CReceiver.StartAsync(executable, directory, args.RtpPortBase, streams, warmup + args.Seconds + 30).ConfigureAwait(false);
            using var sender = new RtpSenderGroup(Enumerable.Range(args.RtpPortBase, streams).ToArray(), 0, RtpSenderGroup.ThreadsFor(streams), Stopwatch.GetTimestamp(), args.SenderNice);
            var window = await MeasuredWindow.MeasureAsync(sender, RtpSendMode.Spread, warmup, args.Seconds, () => ProcessUsage.Read(receiver.ProcessId)).ConfigureAwait(false);
            // Read while the receiver's sockets are still open: the counters go with them.
            var drops = UdpCounters.SocketDrops(args.RtpPortBase, streams);
            var received = await receiver.StopAsync().ConfigureAwait(false);
            broke = !Report(context, "C receiver", calls, streams, window, received, drops, "");
            if (!broke)
                best = calls;
        }
        context.Figure(Name, "C receiver: max calls with < 0.01 % loss", Largest(best, broke, steps));
        return best;
    }

    /// <summary>Adds the step's figure and, when it failed, why; returns whether it passed.</summary>
    private static bool Report(BenchContext context, string receiver, int calls, int streams, MeasuredWindow window, long received, long socketDrops, string extra)
    {
        var sent = window.Total.Packets;
        var lost = sent - received;
        var loss = sent > 0 ? 100.0 * lost / sent : 100;
        var scheduled = streams * 50.0;
        var keptPace = window.Sent.PacketsPerSecond >= (1 - ScheduleTolerance) * scheduled;
        var passed = keptPace && loss < LossLimitPercent;
        context.Figure(Name, $"{receiver}, {calls} calls ({streams} streams)",
            $"{F(window.Sent.PacketsPerSecond, "F0")} packets/s ({window.Sent.LateTicks} late ticks), loss {F(loss, "F4")} % ({lost} of {sent}; {socketDrops} dropped at the sockets); " +
            $"CPU: {receiver} {F(window.ReceiverCores, "F2")} cores, sender {F(window.SenderCores, "F2")}, machine {F(window.MachineBusy * 100, "F0")} % busy{extra}",
            "< 0.01 % loss, on schedule (±1 %)", passed);
        if (!passed)
            context.Figure(Name, $"{receiver}: why it broke at {calls} calls", Why(receiver, window, keptPace, scheduled, lost, socketDrops));
        return passed;
    }

    private static string Why(string receiver, MeasuredWindow window, bool keptPace, double scheduled, long lost, long socketDrops)
    {
        var reasons = new List<string>();
        if (!keptPace)
            reasons.Add($"the sender fell behind its schedule ({F(window.Sent.PacketsPerSecond, "F0")} of {F(scheduled, "F0")} packets/s)");
        if (lost > 0 && socketDrops >= lost * 0.9)
            reasons.Add($"the lost packets were dropped at the {receiver}'s sockets (receive buffers full: it did not read fast enough)");
        else if (lost > 0 && socketDrops == 0)
            reasons.Add($"no socket dropped a packet: the {lost} lost were lost in the {receiver} after reading (or never read)");
        else if (lost > 0)
            reasons.Add($"{socketDrops} of the {lost} lost packets were dropped at the sockets, the rest in the {receiver}");
        reasons.Add(window.MachineBusy >= 0.95
            ? $"the CPU was saturated ({F(window.MachineBusy * 100, "F0")} % of {Environment.ProcessorCount} cores busy: {receiver} {F(window.ReceiverCores, "F2")} cores, sender {F(window.SenderCores, "F2")}, the rest other work)"
            : $"the CPU was not saturated ({F(window.MachineBusy * 100, "F0")} % busy)");
        return string.Join("; ", reasons);
    }

    private static string Largest(int best, bool broke, int[] steps) =>
        broke ? best.ToString(CultureInfo.InvariantCulture) : $"{best} (every step passed, up to {steps[^1]}; the limit is higher)";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
