using System.CommandLine;
using System.Security.Cryptography;
using Siprec.Cli.Http;
using Siprec.Cli.Output;

namespace Siprec.Cli.Commands;

/// <summary>
/// Runs one command against the server: resolves the server URL, API key and CA certificate (option, then
/// environment, then default), builds the client, and turns every failure into its message and <see cref="ExitCode"/>.
/// </summary>
public sealed class ApiCommandRunner(CommandEnvironment environment, GlobalOptions options)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The global options, so commands can be built with them.</summary>
    public GlobalOptions Options { get; } = options;

    /// <summary>Where commands write.</summary>
    public CommandEnvironment Environment { get; } = environment;

    /// <summary>Runs <paramref name="body"/> with a client for the chosen server; returns its exit code or the failure's.</summary>
    public async Task<int> RunAsync(
        ParseResult parse, Func<SiprecApiClient, ResultPrinter, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        var serverText = parse.GetValue(Options.Server) ?? Variable(GlobalOptions.ServerVariable) ?? GlobalOptions.DefaultServer;
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            await Environment.Error.WriteLineAsync(
                $"error: invalid server URL '{serverText}': expected an absolute http:// or https:// URL").ConfigureAwait(false);
            return ExitCode.Usage;
        }

        var apiKey = parse.GetValue(Options.ApiKey) ?? Variable(GlobalOptions.ApiKeyVariable);
        var caPath = parse.GetValue(Options.CaCert) ?? Variable(GlobalOptions.CaCertVariable);
        HttpMessageHandler handler;
        try
        {
            handler = caPath is null ? new SocketsHttpHandler() : PrivateCaTrust.CreateHandler(caPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            await Environment.Error.WriteLineAsync($"error: cannot read the CA certificate '{caPath}': {ex.Message}").ConfigureAwait(false);
            return ExitCode.Usage;
        }

        using var http = new HttpClient(handler) { Timeout = RequestTimeout };
        var client = new SiprecApiClient(http, server, apiKey);
        var printer = new ResultPrinter(Environment.Out, parse.GetValue(Options.Json));
        try
        {
            return await body(client, printer, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiErrorException ex)
        {
            await Environment.Error.WriteLineAsync($"error: {ex.Message} (HTTP {ex.StatusCode})").ConfigureAwait(false);
            if (ex.StatusCode != 401)
            {
                return ExitCode.ServerError;
            }

            await Environment.Error.WriteLineAsync(
                $"hint: pass --api-key KEY or set {GlobalOptions.ApiKeyVariable}").ConfigureAwait(false);
            return ExitCode.Unauthorized;
        }
        catch (ServerUnreachableException ex)
        {
            await Environment.Error.WriteLineAsync($"error: cannot reach {ex.Server.AbsoluteUri.TrimEnd('/')}: {ex.Reason}").ConfigureAwait(false);
            return ExitCode.Unreachable;
        }
    }

    private string? Variable(string name) =>
        Environment.Variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
