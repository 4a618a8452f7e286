using System.Globalization;

namespace Siprec.Sip.Sdp;

/// <summary>The <c>o=username sess-id sess-version IN IP4 address</c> line.</summary>
public sealed record SdpOrigin(
    string Username,
    string SessionId,
    ulong SessionVersion,
    string Address,
    string AddressType = "IP4",
    string NetworkType = "IN")
{
    /// <inheritdoc/>
    public override string ToString() => string.Join(
        ' ', Username, SessionId, SessionVersion.ToString(CultureInfo.InvariantCulture), NetworkType, AddressType, Address);
}
