namespace Siprec.Transcription.Output;

/// <summary>What became of a webhook's deliveries so far; read at each metrics scrape. Thread-safe.</summary>
public interface IWebhookDeliveryCounts
{
    /// <summary>Deliveries the receiver accepted (2xx).</summary>
    long Delivered { get; }

    /// <summary>Deliveries given up after every attempt failed.</summary>
    long Abandoned { get; }

    /// <summary>Deliveries the receiver refused with an answer not worth retrying (<see cref="WebhookRetryRule"/>).</summary>
    long Rejected { get; }

    /// <summary>Deliveries never tried because the queue was full.</summary>
    long Dropped { get; }

    /// <summary>Deliveries still queued or in flight when the drain at shutdown ran out.</summary>
    long UnsentAtShutdown { get; }

    /// <summary>Attempts that failed (a 5xx, a 429, a network error or a timeout; for pause webhooks any non-2xx answer).</summary>
    long FailedAttempts { get; }
}
