namespace Siprec.Server.Configuration;

/// <summary>The text <c>siprec --check-config</c> prints: every setting, its value (secrets redacted) and its source.</summary>
public static class ConfigurationReport
{
    /// <summary>What a secret's value is printed as.</summary>
    public const string Redacted = "(redacted)";

    /// <summary>Writes one line per setting, then the JSON file read, where recordings go and any warnings.</summary>
    public static void Write(TextWriter output, ConfigurationResult result)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        var envWidth = result.Settings.Max(s => s.Key.EnvName.Length);
        var pathWidth = result.Settings.Max(s => s.Key.JsonPath.Length);
        output.WriteLine($"{"ENV".PadRight(envWidth)}  {"JSON".PadRight(pathWidth)}  {"SOURCE",-7}  VALUE");
        foreach (var setting in result.Settings)
        {
            var value = setting.Key.IsSecret && setting.Value.Length > 0 ? Redacted : setting.Value.Length == 0 ? "(empty)" : setting.Value;
            output.WriteLine($"{setting.Key.EnvName.PadRight(envWidth)}  {setting.Key.JsonPath.PadRight(pathWidth)}  {setting.Source,-7}  {value}");
        }

        output.WriteLine("config file: " + (result.ConfigFile ?? "(none)"));
        output.WriteLine("recording directory: " + result.Options.Recording.Directory);
        foreach (var warning in result.Warnings)
        {
            output.WriteLine("warning: " + warning);
        }

        output.WriteLine("configuration OK");
    }
}
