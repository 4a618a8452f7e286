namespace Siprec.Cli.Http;

/// <summary>The server answered with an error status; <see cref="Exception.Message"/> is the server's own error text.</summary>
public sealed class ApiErrorException(int statusCode, string message) : Exception(message)
{
    /// <summary>The HTTP status code of the answer.</summary>
    public int StatusCode { get; } = statusCode;
}
