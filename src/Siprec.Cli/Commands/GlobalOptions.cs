using System.CommandLine;

namespace Siprec.Cli.Commands;

/// <summary>The options every command accepts: which server, which API key, and whether to print raw JSON.</summary>
public sealed class GlobalOptions
{
    /// <summary>Environment variable read when <c>--server</c> is not given.</summary>
    public const string ServerVariable = "SIPREC_SERVER";

    /// <summary>Environment variable read when <c>--api-key</c> is not given.</summary>
    public const string ApiKeyVariable = "SIPREC_API_KEY";

    /// <summary>Environment variable read when <c>--ca-cert</c> is not given.</summary>
    public const string CaCertVariable = "SIPREC_CA_CERT";

    /// <summary>Server used when neither <c>--server</c> nor <see cref="ServerVariable"/> is set.</summary>
    public const string DefaultServer = "http://localhost:8080";

    /// <summary><c>--server URL</c>.</summary>
    public Option<string?> Server { get; } = new("--server", "-s")
    {
        Description = $"Base URL of the server [env {ServerVariable}, default {DefaultServer}]",
        HelpName = "URL",
        Recursive = true,
    };

    /// <summary><c>--api-key KEY</c>.</summary>
    public Option<string?> ApiKey { get; } = new("--api-key", "-k")
    {
        Description = $"API key sent as X-API-Key [env {ApiKeyVariable}]",
        HelpName = "KEY",
        Recursive = true,
    };

    /// <summary><c>--ca-cert FILE</c>.</summary>
    public Option<string?> CaCert { get; } = new("--ca-cert")
    {
        Description = $"PEM file of the CA that issued the server's HTTPS certificate, trusted instead of the system's [env {CaCertVariable}]",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the server's JSON answer (pretty-printed) instead of a table",
        Recursive = true,
    };
}
