namespace Siprec.Sip.Transport;

/// <summary>Where the SIP transports listen and the limits they enforce.</summary>
public sealed record SipTransportOptions
{
    /// <summary>The address to bind every transport to.</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The address written in our Via and Contact headers; null uses the bound address (or the request's target when bound to any).</summary>
    public string? AdvertisedHost { get; init; }

    /// <summary>UDP port; 0 picks an ephemeral port, null disables UDP.</summary>
    public int? UdpPort { get; init; } = 5060;

    /// <summary>TCP port; 0 picks an ephemeral port, null disables TCP.</summary>
    public int? TcpPort { get; init; } = 5060;

    /// <summary>TLS port; 0 picks an ephemeral port, null disables TLS. Needs <see cref="TlsCertificatePath"/>.</summary>
    public int? TlsPort { get; init; }

    /// <summary>PEM file holding the TLS server certificate (and optionally its chain).</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM file holding the TLS private key; null when the key sits in the certificate file.</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>The largest message accepted, headers and body together, in bytes.</summary>
    public int MaxMessageSize { get; init; } = 65_535;

    /// <summary>A stream connection with no inbound bytes for this long is closed.</summary>
    public TimeSpan ConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most concurrent TCP plus TLS connections per listener; further ones are refused.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>How long a TLS handshake may take before the connection is dropped.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
