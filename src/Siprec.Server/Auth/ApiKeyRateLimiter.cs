using System.Threading.RateLimiting;

namespace Siprec.Server.Auth;

/// <summary>
/// Limits admitted requests per key id (per source address for anonymous callers) with a token bucket of the
/// framework's rate limiter: <c>API_RATE_LIMIT</c> requests per second, bursts up to the same number.
/// </summary>
public sealed class ApiKeyRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    /// <summary>Creates the limiter; <paramref name="perSecond"/> of 0 turns it off.</summary>
    public ApiKeyRateLimiter(int perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
        if (perSecond == 0)
        {
            return;
        }

        _limiter = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes one request's permit for <paramref name="caller"/>; false with the wait when none is left.</summary>
    public bool TryAcquire(string caller, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(caller);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return false;
    }

    /// <inheritdoc/>
    public void Dispose() => _limiter?.Dispose();
}
