namespace Siprec.Server.Configuration;

/// <summary>SIP listener settings.</summary>
public sealed class SipOptions
{
    /// <summary>Address the SIP listeners bind to.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>UDP/TCP port.</summary>
    public int Port { get; set; } = 5060;

    /// <summary>TLS port.</summary>
    public int TlsPort { get; set; } = 5061;

    /// <summary>PEM certificate file for SIP over TLS; TLS is off when empty.</summary>
    public string? TlsCert { get; set; }

    /// <summary>PEM private key file for SIP over TLS.</summary>
    public string? TlsKey { get; set; }

    /// <summary>Reject INVITEs that are not well-formed SIPREC (RFC 7866) instead of tolerating vendor quirks.</summary>
    public bool Strict { get; set; }
}
