namespace Siprec.Media.Engine;

/// <summary>Reception counters summed over streams (see <see cref="RtpStreamStats"/> for what each one counts).</summary>
/// <param name="PacketsReceived">Packets accepted.</param>
/// <param name="Bytes">Bytes of the datagrams read from the RTP ports (UDP payload).</param>
/// <param name="PacketsLost">Packets never received (sequence gaps).</param>
/// <param name="PacketsLate">Packets dropped for arriving too late to be placed.</param>
/// <param name="SrtpAuthFailures">Packets that failed SRTP authentication.</param>
public readonly record struct RtpReceptionTotals(long PacketsReceived, long Bytes, long PacketsLost, long PacketsLate, long SrtpAuthFailures)
{
    /// <summary>The counters of both operands added together.</summary>
    public static RtpReceptionTotals operator +(RtpReceptionTotals left, RtpReceptionTotals right) => new(
        left.PacketsReceived + right.PacketsReceived,
        left.Bytes + right.Bytes,
        left.PacketsLost + right.PacketsLost,
        left.PacketsLate + right.PacketsLate,
        left.SrtpAuthFailures + right.SrtpAuthFailures);
}
