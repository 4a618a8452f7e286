namespace Siprec.Sip.Sdp;

/// <summary>A <c>b=type:kbps</c> line, e.g. <c>b=AS:64</c> or <c>b=TIAS:64000</c>.</summary>
public sealed record SdpBandwidth(string Type, long Value)
{
    /// <inheritdoc/>
    public override string ToString() => string.Concat(Type, ":", Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
