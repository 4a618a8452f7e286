using System.Diagnostics;
using Siprec.Bench.Infrastructure;

namespace Siprec.Bench.Rtp;

/// <summary>
/// One paced send of warm-up plus measured seconds, with the receiver's and the bench's own CPU and the machine's
/// busy share over the measured part.
/// </summary>
/// <param name="Before">Receiver usage when the warm-up ended.</param>
/// <param name="After">Receiver usage 0.5 s after the last packet.</param>
/// <param name="Sent">What the measured window sent (packets, its elapsed time, late ticks of the whole run).</param>
/// <param name="Total">What the whole run sent, warm-up included (for loss).</param>
/// <param name="SenderCpuSeconds">CPU of the bench process (mostly the sender threads) over the measured window.</param>
/// <param name="MachineBusy">Busy fraction of all the machine's cores over the measured window.</param>
public sealed record MeasuredWindow(ProcessUsage Before, ProcessUsage After, RtpSendSummary Sent, RtpSendSummary Total, double SenderCpuSeconds, double MachineBusy)
{
    /// <summary>Receiver CPU-s per million packets of the measured window.</summary>
    public double CpuPerMillion => Sent.Packets > 0 ? (After.CpuSeconds - Before.CpuSeconds) / (Sent.Packets / 1e6) : 0;

    /// <summary>Receiver CPU over the measured window in cores (CPU-s per second).</summary>
    public double ReceiverCores => Sent.Elapsed.TotalSeconds > 0 ? (After.CpuSeconds - Before.CpuSeconds) / Sent.Elapsed.TotalSeconds : 0;

    /// <summary>Sender (bench process) CPU over the measured window in cores.</summary>
    public double SenderCores => Sent.Elapsed.TotalSeconds > 0 ? SenderCpuSeconds / Sent.Elapsed.TotalSeconds : 0;

    /// <summary>
    /// Sends in <paramref name="mode"/> for warm-up plus measured seconds in one run (sequence numbers and timestamps
    /// continue) and reads <paramref name="receiver"/>'s usage when the warm-up ends and 0.5 s after the last packet.
    /// </summary>
    public static async Task<MeasuredWindow> MeasureAsync(RtpSenderGroup sender, RtpSendMode mode, int warmupSeconds, int seconds, Func<ProcessUsage> receiver)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(receiver);
        // The group's counters run on across runs; this run's packets start from here.
        var sentAtStart = sender.TotalSent();
        var run = sender.RunAsync(TimeSpan.FromSeconds(warmupSeconds + seconds), mode, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(warmupSeconds)).ConfigureAwait(false);
        var before = receiver();
        var senderBefore = ProcessUsage.Read(Environment.ProcessId);
        var machineBefore = MachineCpu.Read();
        var sentBefore = sender.TotalSent() - sentAtStart;
        var started = Stopwatch.GetTimestamp();
        var total = await run.ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var senderCpu = ProcessUsage.Read(Environment.ProcessId).CpuSeconds - senderBefore.CpuSeconds;
        var busy = MachineCpu.Read().BusySince(machineBefore);
        await Task.Delay(500).ConfigureAwait(false);
        var after = receiver();
        var measured = total with { Packets = total.Packets - sentBefore, Elapsed = elapsed };
        return new MeasuredWindow(before, after, measured, total, senderCpu, busy);
    }
}
