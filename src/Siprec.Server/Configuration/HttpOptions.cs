namespace Siprec.Server.Configuration;

/// <summary>HTTP listener settings (REST API, metrics, health).</summary>
public sealed class HttpOptions
{
    /// <summary>Address the HTTP listener binds to.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>HTTP port; 0 picks a free port.</summary>
    public int Port { get; set; } = 8080;
}
