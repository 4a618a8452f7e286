namespace Siprec.Cli;

/// <summary>The process exit codes of <c>siprecctl</c>.</summary>
public static class ExitCode
{
    /// <summary>The command succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The server answered with an error.</summary>
    public const int ServerError = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>The server answered 401: missing or wrong API key.</summary>
    public const int Unauthorized = 4;
}
