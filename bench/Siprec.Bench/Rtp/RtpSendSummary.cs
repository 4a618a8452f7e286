namespace Siprec.Bench.Rtp;

/// <summary>What a paced send achieved.</summary>
/// <param name="Streams">Streams sent to.</param>
/// <param name="Packets">Packets sent in all.</param>
/// <param name="Elapsed">Time from the first tick to the last packet.</param>
/// <param name="LateTicks">Ticks that started more than one tick behind schedule (the sender could not keep pace).</param>
public sealed record RtpSendSummary(int Streams, long Packets, TimeSpan Elapsed, long LateTicks)
{
    /// <summary>Packets per second achieved.</summary>
    public double PacketsPerSecond => Elapsed.TotalSeconds > 0 ? Packets / Elapsed.TotalSeconds : 0;
}
