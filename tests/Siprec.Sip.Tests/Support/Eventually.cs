namespace Siprec.Sip.Tests.Support;

/// <summary>Waits for a condition the stack reaches on its own threads, for a bounded while.</summary>
internal static class Eventually
{
    /// <summary>True once <paramref name="condition"/> holds, false if it still does not after <see cref="TestTimeouts.Expected"/>.</summary>
    public static async Task<bool> HoldsAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestTimeouts.Expected;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return condition();
    }
}
