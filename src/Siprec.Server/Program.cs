using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Siprec.Server.Configuration;
using Siprec.Server.Hosting;

var environment = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
{
    environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
}

ConfigurationResult config;
try
{
    config = SiprecConfigurationLoader.Load(environment, Directory.GetCurrentDirectory());
}
catch (ConfigurationException ex)
{
    await Console.Error.WriteLineAsync("siprec: configuration error: " + ex.Message).ConfigureAwait(false);
    return 2;
}

if (args.Contains("--check-config", StringComparer.Ordinal))
{
    ConfigurationReport.Write(Console.Out, config);
    return 0;
}

if (args.Contains(IndexImportCommand.Flag, StringComparer.Ordinal))
{
    return await IndexImportCommand.RunAsync(config.Options, args, Console.Out, Console.Error).ConfigureAwait(false);
}

var app = SiprecServerHost.Build(config.Options, TimeProvider.System, args: args);
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Siprec.Server");
foreach (var warning in config.Warnings)
{
    StartupLog.ConfigurationWarning(logger, warning, config.ConfigFile);
}

try
{
    await app.RunAsync().ConfigureAwait(false);
}
catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode is System.Net.Sockets.SocketError.AddressAlreadyInUse or System.Net.Sockets.SocketError.AccessDenied or System.Net.Sockets.SocketError.AddressNotAvailable)
{
    // A port taken by another process is an operator's problem to fix, not a crash: say which setting to change.
    await Console.Error.WriteLineAsync(
        $"siprec: cannot listen: {ex.Message} (SIP_HOST {config.Options.Sip.Host}, SIP_PORT {config.Options.Sip.Port}, HTTP_PORT {config.Options.Http.Port})").ConfigureAwait(false);
    return 1;
}

return 0;
