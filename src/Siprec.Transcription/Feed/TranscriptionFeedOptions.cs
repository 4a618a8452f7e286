namespace Siprec.Transcription.Feed;

/// <summary>Tuning of a <see cref="TranscriptionFeed"/>.</summary>
/// <param name="QueueCapacity">Audio chunks buffered for a slow or unreachable provider before the oldest is dropped.</param>
/// <param name="KeepAliveInterval">How often a keep-alive goes out while no audio flows (paused or idle).</param>
/// <param name="ReconnectBaseDelay">First reconnect delay; doubles per consecutive failure.</param>
/// <param name="ReconnectMaxDelay">Cap of the reconnect delay.</param>
/// <param name="BreakerMinimumFailures">Failures within <paramref name="BreakerSamplingDuration"/> that open the circuit.</param>
/// <param name="BreakerSamplingDuration">Window in which failures are counted.</param>
/// <param name="BreakerBreakDuration">How long an open circuit refuses new connections.</param>
/// <param name="CompleteTimeout">How long completion waits for the provider's last results.</param>
public sealed record TranscriptionFeedOptions(
    int QueueCapacity,
    TimeSpan KeepAliveInterval,
    TimeSpan ReconnectBaseDelay,
    TimeSpan ReconnectMaxDelay,
    int BreakerMinimumFailures,
    TimeSpan BreakerSamplingDuration,
    TimeSpan BreakerBreakDuration,
    TimeSpan CompleteTimeout)
{
    /// <summary>Defaults: 200 chunks (~4 s of 20 ms packets), keep-alive every 4 s (Deepgram closes after 10 s without audio or KeepAlive), reconnect 0.5 s doubling to 30 s, circuit opens after 5 failures in 60 s for 30 s.</summary>
    public static TranscriptionFeedOptions Default { get; } = new(
        200,
        TimeSpan.FromSeconds(4),
        TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(30),
        5,
        TimeSpan.FromSeconds(60),
        TimeSpan.FromSeconds(30),
        TimeSpan.FromSeconds(15));
}
