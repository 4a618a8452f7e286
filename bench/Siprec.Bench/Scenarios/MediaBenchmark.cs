using System.Diagnostics;
using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Rtp;
using Siprec.Bench.Sip;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// Media: N two-stream G.711 calls set up over SIP, RTP paced at 50 packets/s per stream, first with the spread sender
/// and then with the bursty one, each for W seconds of warm-up and S measured; server CPU per million packets and loss
/// per sender mode, RSS per call, and loss from the sidecars; then the same loads against the minimal C receiver, and
/// the ratio of the two CPU costs for each mode.
/// </summary>
public static class MediaBenchmark
{
    private const string Name = "media";
    private const double CpuRatioTarget = 1.25;
    private const double RssPerCallTargetKilobytes = 100;

    // How long a server behind its load may take to read what waits in its sockets before the rest counts as lost.
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(15);
    private static readonly RtpSendMode[] Modes = [RtpSendMode.Spread, RtpSendMode.Burst];

    /// <summary>Runs the server measurement, then the C baseline, then compares them.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var server = await ServerAsync(context).ConfigureAwait(false);
        if (server.Count == 0)
            return;
        var baseline = await BaselineAsync(context, context.Arguments.Calls * 2).ConfigureAwait(false);
        foreach (var mode in Modes)
        {
            if (!baseline.TryGetValue(mode, out var c))
                continue;
            var name = $"server / C receiver CPU per packet, {Label(mode)} sender (same run)";
            if (c <= 0)
            {
                // Too small a load for the C receiver to use a clock tick (10 ms) of CPU: no ratio to judge.
                context.Figure(Name, name, "not measurable: the C receiver used no measurable CPU");
                continue;
            }
            var ratio = server[mode] / c;
            context.Figure(Name, name, $"{F(ratio, "F2")}× ({F(server[mode], "F2")} / {F(c, "F2")} CPU-s per million)",
                $"<= {F(CpuRatioTarget, "F2")}×", ratio <= CpuRatioTarget);
        }
    }

    /// <summary>Lower-case name of the mode as the figures print it.</summary>
    public static string Label(RtpSendMode mode) => mode == RtpSendMode.Burst ? "bursty" : "spread";

    private static async Task<Dictionary<RtpSendMode, double>> ServerAsync(BenchContext context)
    {
        var calls = context.Arguments.Calls;
        var seconds = context.Arguments.Seconds;
        var cpuPerMillion = new Dictionary<RtpSendMode, double>();
        await using var server = await context.StartServerAsync("media-server").ConfigureAwait(false);
        var idle = server.Usage();
        await using var client = new SiprecCallClient(server.SipPort);
        var senderPort = context.SenderPort(calls);
        var (answered, failed) = await client.PlaceCallsAsync(calls, 20, senderPort, "media").ConfigureAwait(false);
        context.Figure(Name, "calls answered / failed", $"{answered.Count} / {failed}", "0 failed", failed == 0);
        if (answered.Count == 0)
            return cpuPerMillion;
        var ports = answered.SelectMany(c => c.MediaPorts).ToArray();
        using var sender = new RtpSenderGroup(ports, senderPort, RtpSenderGroup.ThreadsFor(ports.Length), Stopwatch.GetTimestamp(), context.Arguments.SenderNice);
        var peakRss = idle.ResidentKilobytes;
        foreach (var mode in Modes)
        {
            context.Progress.WriteLine($"media: {ports.Length} streams, {Label(mode)} sender, {context.Arguments.WarmupSeconds} s of warm-up and {seconds} s measured ...");
            var acceptedBefore = await server.RtpPacketsAcceptedAsync().ConfigureAwait(false);
            var window = await MeasuredWindow.MeasureAsync(sender, mode, context.Arguments.WarmupSeconds, seconds, server.Usage).ConfigureAwait(false);
            var accepted = await server.RtpPacketsAcceptedSettledAsync(SettleBound).ConfigureAwait(false) - acceptedBefore;
            var loss = Loss(window.Total.Packets, accepted);
            cpuPerMillion[mode] = window.CpuPerMillion;
            peakRss = Math.Max(peakRss, window.After.ResidentKilobytes);
            var targetRate = ports.Length * 50.0;
            context.Figure(Name, $"RTP packets/s sent, {Label(mode)} sender ({ports.Length} streams, {seconds} s)", $"{F(window.Sent.PacketsPerSecond, "F0")} of {F(targetRate, "F0")} scheduled ({window.Sent.LateTicks} late ticks)",
                "the schedule (±0.1 %)", window.Sent.PacketsPerSecond >= 0.999 * targetRate);
            context.Figure(Name, $"loss, {Label(mode)} sender (siprec_rtp_packets_total)", $"{F(loss, "F4")} % ({window.Total.Packets - accepted} of {window.Total.Packets})", "< 0.01 %", loss < 0.01);
            context.Figure(Name, $"server CPU-s per million packets, {Label(mode)} sender", $"{F(window.CpuPerMillion, "F2")} (server {F(window.ReceiverCores, "F2")} cores, sender {F(window.SenderCores, "F2")}, machine {F(window.MachineBusy * 100, "F0")} % busy)");
        }
        var rssPerCall = (peakRss - idle.ResidentKilobytes) / (double)answered.Count;
        context.Figure(Name, "server RSS per call (above idle)", $"{F(rssPerCall, "F0")} KB (idle {idle.ResidentKilobytes / 1024} MB, loaded {peakRss / 1024} MB)",
            $"< {F(RssPerCallTargetKilobytes, "F0")} KB", rssPerCall < RssPerCallTargetKilobytes);

        var byeOk = await client.HangUpAsync(answered, 20).ConfigureAwait(false);
        var sidecars = await RecordedSidecars.WaitForEndedAsync(server.RecordingDirectory, answered.Count, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var received = answered.Sum(c => sidecars.TryGetValue(c.CallId, out var found) ? found.Sidecar.Streams.Sum(s => s.PacketsReceived) : 0);
        var sent = sender.TotalSent();
        var matched = answered.Count(c => sidecars.ContainsKey(c.CallId));
        context.Figure(Name, "packets sent / recorded (sidecars, both senders)", $"{sent} / {received} ({matched} sidecars, {byeOk} BYE ok)");
        var recordedLoss = Loss(sent, received);
        context.Figure(Name, "loss (sidecars, both senders)", $"{F(recordedLoss, "F4")} %", "< 0.01 %", recordedLoss < 0.01);
        return cpuPerMillion;
    }

    private static async Task<Dictionary<RtpSendMode, double>> BaselineAsync(BenchContext context, int streams)
    {
        var cpuPerMillion = new Dictionary<RtpSendMode, double>();
        var directory = context.Step("c-receiver");
        var (executable, reason) = await CReceiver.BuildAsync(directory).ConfigureAwait(false);
        if (executable is null)
        {
            context.Figure(Name, "C receiver", "not run: " + reason);
            return cpuPerMillion;
        }
        var firstPort = context.Arguments.RtpPortBase;
        var seconds = context.Arguments.Seconds;
        foreach (var mode in Modes)
        {
            await using var receiver = await CReceiver.StartAsync(executable, directory, firstPort, streams, context.Arguments.WarmupSeconds + seconds + 30).ConfigureAwait(false);
            using var sender = new RtpSenderGroup(Enumerable.Range(firstPort, streams).ToArray(), 0, RtpSenderGroup.ThreadsFor(streams), Stopwatch.GetTimestamp(), context.Arguments.SenderNice);
            context.Progress.WriteLine($"media: C receiver, {streams} streams, {Label(mode)} sender, the same warm-up and window ...");
            var window = await MeasuredWindow.MeasureAsync(sender, mode, context.Arguments.WarmupSeconds, seconds, () => ProcessUsage.Read(receiver.ProcessId)).ConfigureAwait(false);
            var received = await receiver.StopAsync().ConfigureAwait(false);
            var loss = Loss(window.Total.Packets, received);
            cpuPerMillion[mode] = window.CpuPerMillion;
            context.Figure(Name, $"C receiver, {Label(mode)} sender: packets/s sent, loss", $"{F(window.Sent.PacketsPerSecond, "F0")} ({window.Sent.LateTicks} late ticks), {F(loss, "F4")} %");
            context.Figure(Name, $"C receiver CPU-s per million packets, {Label(mode)} sender", $"{F(window.CpuPerMillion, "F2")} (receiver {F(window.ReceiverCores, "F2")} cores, sender {F(window.SenderCores, "F2")}, machine {F(window.MachineBusy * 100, "F0")} % busy)");
        }
        return cpuPerMillion;
    }

    private static double Loss(long sent, long received) => sent > 0 ? 100.0 * (sent - received) / sent : 100;

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
