namespace Siprec.Recording.Signalling;

/// <summary>The SIP option tags the recorder understands in a <c>Require</c> header.</summary>
public static class SiprecOptionTags
{
    /// <summary>The SIPREC extension (RFC 7866).</summary>
    public const string Siprec = "siprec";

    /// <summary>Session timers (RFC 4028).</summary>
    public const string Timer = "timer";

    /// <summary>The tags we accept in Require. <c>100rel</c> and <c>replaces</c> are deliberately absent: we do not implement them.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Siprec, Timer];

    /// <summary>The tags of <paramref name="required"/> we do not support, in order and without duplicates (compared ignoring case).</summary>
    public static IReadOnlyList<string> FindUnsupported(IEnumerable<string> required) =>
        required
            .Where(tag => !Supported.Contains(tag, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
