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

var app = SiprecServerHost.Build(config.Options, TimeProvider.System, args: args);
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Siprec.Server");
foreach (var warning in config.Warnings)
{
    StartupLog.ConfigurationWarning(logger, warning, config.ConfigFile);
}

await app.RunAsync().ConfigureAwait(false);
return 0;
