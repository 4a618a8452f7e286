namespace Siprec.Transcription.Output;

/// <summary>Delivery of a <see cref="TranscriptWebhookSink"/>.</summary>
/// <param name="MaxAttempts">Attempts per result, the first included, before it is given up.</param>
/// <param name="RetryDelay">Wait before the second attempt; doubled before each further one, up to <paramref name="MaxRetryDelay"/>.</param>
/// <param name="MaxRetryDelay">Longest wait between two attempts.</param>
/// <param name="AttemptTimeout">Longest one attempt may take.</param>
/// <param name="QueueCapacity">Results waiting for delivery at most; a new result beyond it drops the oldest.</param>
/// <param name="ShutdownDrainTimeout">How long disposal keeps delivering queued results before it counts the rest as unsent.</param>
public sealed record TranscriptWebhookOptions(
    int MaxAttempts,
    TimeSpan RetryDelay,
    TimeSpan MaxRetryDelay,
    TimeSpan AttemptTimeout,
    int QueueCapacity,
    TimeSpan ShutdownDrainTimeout)
{
    /// <summary>Defaults: 5 attempts, 1 s doubling to at most 30 s, 10 s per attempt, 1,000 results, 5 s drain at shutdown.</summary>
    public static TranscriptWebhookOptions Default { get; } = new(
        5,
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(30),
        TimeSpan.FromSeconds(10),
        1000,
        TimeSpan.FromSeconds(5));
}
