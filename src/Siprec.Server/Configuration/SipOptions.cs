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

    /// <summary>SIP requests handled at the same time; 0 chooses two per core, at least four.</summary>
    public int Workers { get; set; }

    /// <summary>New out-of-dialog requests that may wait for a worker before new ones are refused with 503.</summary>
    public int MaxQueuedRequests { get; set; } = 200;

    /// <summary>Once the oldest waiting new request has waited this long, new ones are refused with 503.</summary>
    public TimeSpan MaxQueueDelay { get; set; } = TimeSpan.FromSeconds(2);
}
