namespace Siprec.Media.Rtcp;

/// <summary>The NTP↔RTP mapping an RTCP sender report (RFC 3550 §6.4.1) gives for one source.</summary>
/// <param name="Ssrc">The sender.</param>
/// <param name="NtpTimestamp">64-bit NTP time of the report (seconds since 1900, 32.32 fixed point).</param>
/// <param name="RtpTimestamp">The RTP timestamp corresponding to <paramref name="NtpTimestamp"/>.</param>
/// <param name="PacketCount">Sender's packet count.</param>
/// <param name="OctetCount">Sender's payload octet count.</param>
public readonly record struct RtcpSenderReport(uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The NTP timestamp as a wall-clock instant.</summary>
    public DateTimeOffset NtpTime
    {
        get
        {
            ulong seconds = NtpTimestamp >> 32;
            ulong fraction = NtpTimestamp & 0xFFFF_FFFF;
            long ticks = (long)(seconds * TimeSpan.TicksPerSecond) + (long)((fraction * TimeSpan.TicksPerSecond) >> 32);
            return NtpEpoch.AddTicks(ticks);
        }
    }
}
