namespace Siprec.Server.Configuration;

/// <summary>One setting as loaded: its key, its text value and where the value came from.</summary>
/// <param name="Source">One of <c>env</c>, <c>.env</c>, <c>json</c>, <c>default</c>.</param>
public sealed record EffectiveSetting(ConfigurationKey Key, string Value, string Source);
