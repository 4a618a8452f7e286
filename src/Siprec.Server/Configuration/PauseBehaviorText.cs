using Siprec.Media.Pipeline;

namespace Siprec.Server.Configuration;

/// <summary>The text form of <see cref="PausedAudioBehavior"/> used in configuration and the API: <c>skip</c>, <c>silence</c>.</summary>
public static class PauseBehaviorText
{
    /// <summary>Parses <c>skip</c> or <c>silence</c> (case-insensitive).</summary>
    public static bool TryParse(string? text, out PausedAudioBehavior behavior)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "skip":
                behavior = PausedAudioBehavior.Skip;
                return true;
            case "silence":
                behavior = PausedAudioBehavior.Silence;
                return true;
            default:
                behavior = PausedAudioBehavior.Skip;
                return false;
        }
    }

    /// <summary>The lowercase name.</summary>
    public static string Format(PausedAudioBehavior behavior) => behavior == PausedAudioBehavior.Silence ? "silence" : "skip";
}
