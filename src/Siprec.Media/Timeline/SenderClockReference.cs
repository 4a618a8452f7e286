namespace Siprec.Media.Timeline;

/// <summary>
/// The offset between a session's clock and the SRC's NTP clock, as first measured by any stream from an RTCP sender
/// report. Streams measuring a different offset are shifted to agree, so legs from one SRC line up by its clock rather
/// than by their first packets' arrival. Thread-safe.
/// </summary>
public sealed class SenderClockReference(TimeSpan maxCorrection)
{
    private const long Unset = long.MinValue;
    private static readonly long MinCorrectionTicks = TimeSpan.FromMilliseconds(20).Ticks;

    private long _offsetTicks = Unset;

    /// <summary>
    /// Offers one stream's measured offset (session time minus NTP time of the same instant, in ticks) and returns the
    /// correction to add to that stream's positions: zero for the first offer, for small differences, and for differences
    /// beyond the bound (an SRC relaying endpoints' own clocks is not to be trusted).
    /// </summary>
    public TimeSpan Align(long offsetTicks)
    {
        long reference = Interlocked.CompareExchange(ref _offsetTicks, offsetTicks, Unset);
        if (reference == Unset)
            return TimeSpan.Zero;
        long correction = reference - offsetTicks;
        return Math.Abs(correction) < MinCorrectionTicks || Math.Abs(correction) > maxCorrection.Ticks
            ? TimeSpan.Zero
            : TimeSpan.FromTicks(correction);
    }
}
