using System.Collections.Concurrent;

namespace Siprec.Transcription.Output;

/// <summary>
/// Fans results out to live subscribers (for SSE), per session or for all sessions. Each subscriber has a bounded queue that
/// drops its oldest results when the reader lags, so a slow client never holds up transcription. Thread-safe.
/// </summary>
public sealed class TranscriptLiveFeed : ITranscriptSink
{
    private readonly ConcurrentDictionary<TranscriptSubscription, byte> _subscriptions = new();
    private readonly int _capacity;

    /// <summary>Creates a feed whose subscribers each buffer up to <paramref name="capacity"/> results.</summary>
    public TranscriptLiveFeed(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>Number of open subscriptions.</summary>
    public int SubscriberCount => _subscriptions.Count;

    /// <summary>Subscribes to one session's results, or to every session's when <paramref name="sessionId"/> is null; dispose to leave.</summary>
    public TranscriptSubscription Subscribe(string? sessionId)
    {
        var subscription = new TranscriptSubscription(sessionId, _capacity, s => _subscriptions.TryRemove(s, out _));
        _subscriptions.TryAdd(subscription, 0);
        return subscription;
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(TranscriptResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.SessionId is null || subscription.SessionId == result.SessionId)
            {
                subscription.Offer(result);
            }
        }

        return ValueTask.CompletedTask;
    }
}
