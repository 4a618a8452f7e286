namespace Siprec.RtpSender.Sending;

/// <summary>A set of streams sent together from one start instant, with one seed for all random impairments.</summary>
public sealed record RtpSendPlan(IReadOnlyList<RtpStreamPlan> Streams)
{
    /// <summary>Packet duration; 20 ms is what SBCs send.</summary>
    public TimeSpan PacketTime { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Seed of the random source for SSRCs, loss, reorder and duplicates (same seed, same packets).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Upper bound of the whole send, whatever the streams say.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(5);
}
