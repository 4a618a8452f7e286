using System.Globalization;

namespace Siprec.Sip.Sdp;

/// <summary>A <c>t=start stop</c> line (NTP seconds; <c>0 0</c> for an unbounded session).</summary>
public sealed record SdpTiming(ulong Start = 0, ulong Stop = 0)
{
    /// <inheritdoc/>
    public override string ToString() =>
        string.Concat(Start.ToString(CultureInfo.InvariantCulture), " ", Stop.ToString(CultureInfo.InvariantCulture));
}
