namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A run of silent analysis windows in a channel, from <paramref name="Start"/> to <paramref name="End"/>.</summary>
public sealed record SilenceSpan(TimeSpan Start, TimeSpan End)
{
    /// <summary>Length of the span.</summary>
    public TimeSpan Duration => End - Start;
}
