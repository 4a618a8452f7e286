using System.Collections;
using Siprec.Cli;

var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
{
    environment[(string)entry.Key] = entry.Value as string;
}

return await CliApp.RunAsync(args, Console.Out, Console.Error, environment).ConfigureAwait(false);
