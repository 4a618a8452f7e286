using Siprec.Transcription.Output;

namespace Siprec.Server.Notifications;

/// <summary>
/// Counts of webhook deliveries, one per event and receiver: delivered, abandoned after the last attempt, rejected by an
/// answer not worth retrying, dropped because
/// the queue was full, unsent when the shutdown drain ran out, and failed attempts. Thread-safe; shared by the notifier and its client's attempt handler.
/// </summary>
public sealed class WebhookDeliveryStats : IWebhookDeliveryCounts
{
    private long _delivered;
    private long _abandoned;
    private long _rejected;
    private long _dropped;
    private long _failedAttempts;
    private long _unsentAtShutdown;

    /// <summary>Deliveries a receiver answered with a 2xx.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries given up after every attempt failed.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>Deliveries the receiver refused with an answer not worth retrying (a 4xx other than 429, a 3xx).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Deliveries never tried because the queue was full when their event was published.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Deliveries still queued or in flight when the drain at shutdown ran out.</summary>
    public long UnsentAtShutdown => Interlocked.Read(ref _unsentAtShutdown);

    /// <summary>Attempts that failed (non-2xx answer, network error or timeout).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Counts one delivery answered with a 2xx.</summary>
    public void RecordDelivered() => Interlocked.Increment(ref _delivered);

    /// <summary>Counts one delivery given up.</summary>
    public void RecordAbandoned() => Interlocked.Increment(ref _abandoned);

    /// <summary>Counts one delivery refused and not retried.</summary>
    public void RecordRejected() => Interlocked.Increment(ref _rejected);

    /// <summary>Counts the <paramref name="deliveries"/> of one event dropped at a full queue.</summary>
    public void RecordDropped(int deliveries) => Interlocked.Add(ref _dropped, deliveries);

    /// <summary>Counts the <paramref name="deliveries"/> left when the drain at shutdown ran out.</summary>
    public void RecordUnsentAtShutdown(int deliveries) => Interlocked.Add(ref _unsentAtShutdown, deliveries);

    /// <summary>Counts one failed attempt.</summary>
    public void RecordFailedAttempt() => Interlocked.Increment(ref _failedAttempts);
}
