namespace Siprec.Sip.Sdp;

/// <summary>A <c>c=IN IP4 address</c> line; <see cref="Address"/> keeps any <c>/ttl/count</c> suffix as written.</summary>
public sealed record SdpConnection(string Address, string AddressType = "IP4", string NetworkType = "IN")
{
    /// <summary>True for the RFC 3264 hold address <c>0.0.0.0</c> (or the IPv6 unspecified address).</summary>
    public bool IsUnspecified => Address is "0.0.0.0" or "::";

    /// <summary>The address without any <c>/ttl</c> or <c>/count</c> suffix.</summary>
    public string Host => Address.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? Address[..slash] : Address;

    /// <inheritdoc/>
    public override string ToString() => string.Concat(NetworkType, " ", AddressType, " ", Address);
}
