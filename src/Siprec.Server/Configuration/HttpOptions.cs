namespace Siprec.Server.Configuration;

/// <summary>HTTP listener settings (REST API, metrics, health), plain and over TLS.</summary>
public sealed class HttpOptions
{
    /// <summary>Address the HTTP listeners bind to.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>HTTP port; 0 picks a free port.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>PEM certificate (chain) file of the HTTPS listener; HTTPS is off when null.</summary>
    public string? TlsCert { get; set; }

    /// <summary>PEM private key file of the HTTPS listener.</summary>
    public string? TlsKey { get; set; }

    /// <summary>HTTPS port; 0 picks a free port.</summary>
    public int HttpsPort { get; set; } = 8443;

    /// <summary>Whether the plain HTTP listener runs; false leaves HTTPS alone.</summary>
    public bool Plaintext { get; set; } = true;
}
