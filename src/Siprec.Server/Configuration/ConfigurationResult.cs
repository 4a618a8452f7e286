namespace Siprec.Server.Configuration;

/// <summary>Loaded options and the warnings found while loading (such as unknown JSON keys).</summary>
/// <param name="ConfigFile">The JSON file that was read, or null when none was found.</param>
public sealed record ConfigurationResult(SiprecOptions Options, IReadOnlyList<string> Warnings, string? ConfigFile)
{
    /// <summary>Every setting with its effective value and source, in documentation order.</summary>
    public IReadOnlyList<EffectiveSetting> Settings { get; init; } = [];
}
