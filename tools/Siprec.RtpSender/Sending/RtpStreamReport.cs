namespace Siprec.RtpSender.Sending;

/// <summary>What one stream actually put on the wire; <c>FirstSendTimestamp</c> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp of its first datagram (0 if none).</summary>
public sealed record RtpStreamReport(
    int DatagramsSent,
    int AudioPackets,
    int AudioPacketsDropped,
    int AudioPacketsDuplicated,
    int AudioPacketsReordered,
    int EventPackets,
    IReadOnlyList<uint> Ssrcs,
    long FirstSendTimestamp = 0)
{
    /// <summary>How much later than <paramref name="other"/> this stream put its first datagram on the wire (from <see cref="System.Diagnostics.Stopwatch"/> timestamps).</summary>
    public TimeSpan FirstSendAfter(RtpStreamReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return System.Diagnostics.Stopwatch.GetElapsedTime(other.FirstSendTimestamp, FirstSendTimestamp);
    }
}
