using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Siprec.Transcription.Feed;

/// <summary>
/// When a <see cref="TranscriptionFeed"/> reopens its provider stream after a failure: retries without end, with
/// exponential backoff from the consecutive failures (reset by each final result) and jitter, behind a circuit breaker
/// that stops trying for a while once every attempt in its sampling window failed; all on the injected clock.
/// </summary>
internal sealed class TranscriptionReconnectPolicy
{
    private readonly TranscriptionFeedOptions _options;
    private int _consecutiveFailures;

    /// <summary>
    /// Builds the policy; <paramref name="onReconnecting"/> is told of each retry with its delay and
    /// <paramref name="onCircuitOpened"/> each time the breaker opens.
    /// </summary>
    public TranscriptionReconnectPolicy(TranscriptionFeedOptions options, TimeProvider time, Action<TimeSpan> onReconnecting, Action onCircuitOpened)
    {
        _options = options;
        var handled = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException);
        Pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = _ => new ValueTask<TimeSpan?>(NextBackoff()),
                OnRetry = args =>
                {
                    onReconnecting(args.RetryDelay);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = handled,
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, options.BreakerMinimumFailures),
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                OnOpened = _ =>
                {
                    onCircuitOpened();
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Runs one provider stream from open to end, reopening it as the policy says when it fails.</summary>
    public ResiliencePipeline Pipeline { get; }

    /// <summary>Counts a failed stream: the next delay doubles, up to the maximum.</summary>
    public void RecordFailure() => Interlocked.Increment(ref _consecutiveFailures);

    /// <summary>The provider answered (a final result): the next failure starts again from the base delay.</summary>
    public void RecordSuccess() => Volatile.Write(ref _consecutiveFailures, 0);

    private TimeSpan NextBackoff()
    {
        var failures = Math.Clamp(Volatile.Read(ref _consecutiveFailures), 1, 30);
        var delay = Math.Min(_options.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, failures - 1), _options.ReconnectMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
