namespace Siprec.Sip.Overload;

/// <summary>
/// The request-handling budget: how many requests the application works on at once and how much new work may wait.
/// Above the budget new INVITEs are answered 503 with Retry-After and OPTIONS 503 at once, so the client fails over
/// instead of retransmitting into a growing queue.
/// </summary>
public sealed record SipOverloadOptions
{
    /// <summary>Requests handed to the application at the same time.</summary>
    public int Workers { get; init; } = Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>New out-of-dialog requests (INVITE, OPTIONS...) that may wait for a worker; one more is refused.</summary>
    public int MaxQueuedRequests { get; init; } = 200;

    /// <summary>Once the oldest waiting new request has waited this long, new ones are refused.</summary>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>In-dialog requests (BYE, re-INVITE, UPDATE, ACK handling) that may wait; they are served before new ones.</summary>
    public int MaxQueuedInDialog { get; init; } = 10_000;

    /// <summary>Seconds named in the Retry-After of an overload 503.</summary>
    public int RetryAfterSeconds { get; init; } = 5;
}
