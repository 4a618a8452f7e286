using System.Collections.Concurrent;
using System.Net;

namespace Siprec.Server.Auth;

/// <summary>
/// Counts failed authentications per source address on the injected clock. Once an address reaches the limit within
/// one window it is blocked for a whole window, whatever key it then presents; after that its count starts afresh.
/// </summary>
public sealed class AuthFailureThrottle
{
    // Entries of addresses that stopped failing are swept once the table grows past this, bounding memory under a spray of addresses.
    private const int SweepThreshold = 4096;

    private readonly ConcurrentDictionary<IPAddress, FailureCount> _addresses = new();
    private readonly int _limit;
    private readonly TimeProvider _time;

    /// <summary>Creates the throttle; a <paramref name="limit"/> of 0 turns it off.</summary>
    public AuthFailureThrottle(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _limit = limit;
        Window = window;
        _time = time;
    }

    /// <summary>The counting window and the length of a block.</summary>
    public TimeSpan Window { get; }

    /// <summary>True while <paramref name="address"/> is blocked; <paramref name="retryAfter"/> is the time left.</summary>
    public bool IsBlocked(IPAddress address, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(address);
        retryAfter = TimeSpan.Zero;
        if (_limit == 0 || !_addresses.TryGetValue(address, out var count))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        lock (count)
        {
            if (count.BlockedUntil is { } until && until > now)
            {
                retryAfter = until - now;
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts one failure of <paramref name="address"/>; true when this failure starts a block.</summary>
    public bool RecordFailure(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_limit == 0)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (_addresses.Count > SweepThreshold)
        {
            Sweep(now);
        }

        var count = _addresses.GetOrAdd(address, _ => new FailureCount());
        lock (count)
        {
            if (count.Failures == 0 || now - count.WindowStart >= Window || count.BlockedUntil <= now)
            {
                count.WindowStart = now;
                count.Failures = 0;
                count.BlockedUntil = null;
            }

            count.Failures++;
            if (count.Failures < _limit || count.BlockedUntil is not null)
            {
                return false;
            }

            count.BlockedUntil = now + Window;
            return true;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, count) in _addresses)
        {
            lock (count)
            {
                if (now - count.WindowStart >= Window && !(count.BlockedUntil > now))
                {
                    _addresses.TryRemove(address, out _);
                }
            }
        }
    }

    private sealed class FailureCount
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Failures { get; set; }

        public DateTimeOffset? BlockedUntil { get; set; }
    }
}
