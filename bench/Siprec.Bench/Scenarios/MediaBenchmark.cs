using System.Globalization;
using Siprec.Bench.Infrastructure;
using Siprec.Bench.Rtp;
using Siprec.Bench.Sip;

namespace Siprec.Bench.Scenarios;

/// <summary>
/// Media: N two-stream G.711 calls set up over SIP, RTP paced at 50 packets/s per stream for S seconds; server CPU per
/// million packets, RSS per call, and loss from the sidecars; then the same load against the minimal C receiver.
/// CPU and rate figures cover the S seconds after a warm-up of W seconds of the same load, so they describe the steady
/// state rather than JIT tiering.
/// </summary>
public static class MediaBenchmark
{
    private const string Name = "media";
    private const double BaselineCpuPerMillion = 3.2;

    /// <summary>Runs the server measurement, then the C baseline.</summary>
    public static async Task RunAsync(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var calls = context.Arguments.Calls;
        var seconds = context.Arguments.Seconds;
        double serverCpuPerMillion;
        await using (var server = await context.StartServerAsync("media-server").ConfigureAwait(false))
        {
            var idle = server.Usage();
            await using var client = new SiprecCallClient(server.SipPort);
            var senderPort = LoopbackPorts.Free();
            var (answered, failed) = await client.PlaceCallsAsync(calls, 20, senderPort, "media").ConfigureAwait(false);
            context.Figure(Name, "calls answered / failed", $"{answered.Count} / {failed}", "0 failed", failed == 0);
            if (answered.Count == 0)
                return;
            var ports = answered.SelectMany(c => c.MediaPorts).ToArray();
            using var sender = new RtpSenderGroup(ports, senderPort, RtpSenderGroup.ThreadsFor(ports.Length));
            context.Progress.WriteLine($"media: {ports.Length} streams for {context.Arguments.WarmupSeconds} s of warm-up and {seconds} s measured ...");
            var window = await MeasureAsync(sender, context.Arguments.WarmupSeconds, seconds, server.Usage).ConfigureAwait(false);
            var (before, after, sent) = (window.Before, window.After, window.Sent);
            var sentInAll = window.Total.Packets;
            var byeOk = await client.HangUpAsync(answered, 20).ConfigureAwait(false);
            var sidecars = await RecordedSidecars.WaitForEndedAsync(server.RecordingDirectory, answered.Count, TimeSpan.FromSeconds(30)).ConfigureAwait(false);

            long received = 0;
            long expected = 0;
            var matched = 0;
            for (var c = 0; c < answered.Count; c++)
            {
                for (var s = 0; s < answered[c].MediaPorts.Count; s++)
                    expected += sender.Sent(PortIndex(answered, c, s));
                if (!sidecars.TryGetValue(answered[c].CallId, out var found))
                    continue;
                matched++;
                received += found.Sidecar.Streams.Sum(s => s.PacketsReceived);
            }
            var loss = expected > 0 ? 100.0 * (expected - received) / expected : 100;
            var cpu = after.CpuSeconds - before.CpuSeconds;
            serverCpuPerMillion = sent.Packets > 0 ? cpu / (sent.Packets / 1e6) : 0;
            var rssPerCall = (after.ResidentKilobytes - idle.ResidentKilobytes) / (double)answered.Count;
            var targetRate = ports.Length * 50.0;
            context.Figure(Name, $"RTP packets/s sent ({ports.Length} streams, {seconds} s)", $"{F(sent.PacketsPerSecond, "F0")} of {F(targetRate, "F0")} scheduled ({sent.LateTicks} late ticks)", "the schedule (±0.1 %)", sent.PacketsPerSecond >= 0.999 * targetRate);
            context.Figure(Name, "packets sent / recorded (sidecars)", $"{sentInAll} / {received} ({matched} sidecars, {byeOk} BYE ok)");
            context.Figure(Name, "loss", $"{F(loss, "F4")} %", "< 0.01 %", loss < 0.01);
            context.Figure(Name, "server CPU-s per million packets", F(serverCpuPerMillion, "F2"), $"<= {F(2 * BaselineCpuPerMillion, "F1")}", serverCpuPerMillion <= 2 * BaselineCpuPerMillion);
            context.Figure(Name, "server RSS per call (above idle)", $"{F(rssPerCall, "F0")} KB (idle {idle.ResidentKilobytes / 1024} MB, loaded {after.ResidentKilobytes / 1024} MB)", "< 200 KB", rssPerCall < 200);
        }

        await BaselineAsync(context, calls * 2, seconds, serverCpuPerMillion).ConfigureAwait(false);
    }

    private static int PortIndex(IReadOnlyList<AnsweredCall> calls, int call, int stream)
    {
        var index = 0;
        for (var c = 0; c < call; c++)
            index += calls[c].MediaPorts.Count;
        return index + stream;
    }

    private static async Task BaselineAsync(BenchContext context, int streams, int seconds, double serverCpuPerMillion)
    {
        var directory = context.Step("c-receiver");
        var (executable, reason) = await CReceiver.BuildAsync(directory).ConfigureAwait(false);
        if (executable is null)
        {
            context.Figure(Name, "C receiver", "not run: " + reason);
            return;
        }
        var firstPort = context.Arguments.RtpPortBase;
        await using var receiver = await CReceiver.StartAsync(executable, directory, firstPort, streams, seconds + 30).ConfigureAwait(false);
        using var sender = new RtpSenderGroup(Enumerable.Range(firstPort, streams).ToArray(), 0, RtpSenderGroup.ThreadsFor(streams));
        context.Progress.WriteLine($"media: C receiver, {streams} streams, the same warm-up and window ...");
        var window = await MeasureAsync(sender, context.Arguments.WarmupSeconds, seconds, () => ProcessUsage.Read(receiver.ProcessId)).ConfigureAwait(false);
        var (before, after, sent) = (window.Before, window.After, window.Sent);
        var received = await receiver.StopAsync().ConfigureAwait(false);
        var cpuPerMillion = sent.Packets > 0 ? (after.CpuSeconds - before.CpuSeconds) / (sent.Packets / 1e6) : 0;
        var loss = window.Total.Packets > 0 ? 100.0 * (window.Total.Packets - received) / window.Total.Packets : 100;
        context.Figure(Name, "C receiver: packets/s sent, loss", $"{F(sent.PacketsPerSecond, "F0")}, {F(loss, "F4")} %");
        context.Figure(Name, "C receiver CPU-s per million packets", F(cpuPerMillion, "F2"));
        if (cpuPerMillion > 0)
            context.Figure(Name, "server / C receiver CPU ratio (same load)", F(serverCpuPerMillion / cpuPerMillion, "F1"), "<= 2", serverCpuPerMillion <= 2 * cpuPerMillion);
    }

    /// <summary>
    /// Sends for warm-up plus measured seconds in one run (sequence numbers and timestamps continue) and reads the
    /// receiver's usage when the warm-up ends and 0.5 s after the last packet; <c>Sent</c> counts the measured window only,
    /// <c>Total</c> the whole run (for loss).
    /// </summary>
    private static async Task<MeasuredWindow> MeasureAsync(RtpSenderGroup sender, int warmupSeconds, int seconds, Func<ProcessUsage> usage)
    {
        var run = sender.RunAsync(TimeSpan.FromSeconds(warmupSeconds + seconds), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds)).ConfigureAwait(false);
        var before = usage();
        var sentBefore = sender.TotalSent();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var total = await run.ConfigureAwait(false);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        await Task.Delay(500).ConfigureAwait(false);
        var after = usage();
        var measured = total with { Packets = total.Packets - sentBefore, Elapsed = elapsed };
        return new MeasuredWindow(before, after, measured, total);
    }

    private sealed record MeasuredWindow(ProcessUsage Before, ProcessUsage After, RtpSendSummary Sent, RtpSendSummary Total);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
