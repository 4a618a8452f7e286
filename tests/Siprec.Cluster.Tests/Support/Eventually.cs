namespace Siprec.Cluster.Tests.Support;

/// <summary>Waits for a condition that another process makes true, failing after a deadline.</summary>
public static class Eventually
{
    /// <summary>Returns once <paramref name="condition"/> holds; throws after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("did not happen in time: " + what);
            }

            await Task.Delay(50);
        }
    }
}
