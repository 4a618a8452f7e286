namespace Siprec.Server.Configuration;

/// <summary>One setting: its environment name, its JSON path, its default, and how a text value is applied.</summary>
/// <param name="EnvName">Environment (and <c>.env</c>) variable name.</param>
/// <param name="JsonPath">Path in the JSON file, <c>section.key</c>.</param>
/// <param name="Default">Default value as text (empty when unset).</param>
/// <param name="Description">What the setting does.</param>
/// <param name="Apply">Parses the text and stores it; throws <see cref="FormatException"/> saying what is wrong.</param>
public sealed record ConfigurationKey(string EnvName, string JsonPath, string Default, string Description, Action<SiprecOptions, string> Apply)
{
    /// <summary>True for API keys, secrets, tokens and database addresses (which may hold a password), whose values are never printed.</summary>
    public bool IsSecret => EnvName.Contains("API_KEY", StringComparison.Ordinal) || EnvName.Contains("SECRET", StringComparison.Ordinal)
        || EnvName.EndsWith("_TOKEN", StringComparison.Ordinal) || EnvName == "AZURE_SPEECH_KEY" || EnvName == "RECORDING_INDEX_URL";
}
