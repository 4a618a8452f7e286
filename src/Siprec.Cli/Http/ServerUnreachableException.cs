namespace Siprec.Cli.Http;

/// <summary>No HTTP answer came from the server: refused, unknown host, TLS failure or timeout.</summary>
public sealed class ServerUnreachableException(Uri server, string reason, Exception? innerException = null)
    : Exception($"cannot reach {server}: {reason}", innerException)
{
    /// <summary>The server's base URL.</summary>
    public Uri Server { get; } = server;

    /// <summary>Why it could not be reached.</summary>
    public string Reason { get; } = reason;
}
