namespace Siprec.Recording.Sessions;

/// <summary>The result of one change to a <see cref="PauseState"/>.</summary>
/// <param name="Before">State before the change.</param>
/// <param name="After">State after the change (same instance as <paramref name="Before"/> when nothing changed).</param>
/// <param name="At">When the change was applied.</param>
public sealed record PauseTransition(PauseSnapshot Before, PauseSnapshot After, DateTimeOffset At)
{
    /// <summary>The change altered the state.</summary>
    public bool Changed => !ReferenceEquals(Before, After);
}
