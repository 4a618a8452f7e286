using System.Threading.Channels;

namespace Siprec.Transcription.Output;

/// <summary>One live subscriber's results from a <see cref="TranscriptLiveFeed"/>; dispose to leave.</summary>
public sealed class TranscriptSubscription : IDisposable
{
    private readonly Channel<TranscriptResult> _channel;
    private readonly Action<TranscriptSubscription> _onDispose;

    internal TranscriptSubscription(string? sessionId, int capacity, Action<TranscriptSubscription> onDispose)
    {
        SessionId = sessionId;
        _onDispose = onDispose;
        _channel = Channel.CreateBounded<TranscriptResult>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    }

    /// <summary>The session followed, or null for all sessions.</summary>
    public string? SessionId { get; }

    /// <summary>The results; completes when the subscription is disposed.</summary>
    public ChannelReader<TranscriptResult> Results => _channel.Reader;

    /// <inheritdoc />
    public void Dispose()
    {
        _onDispose(this);
        _channel.Writer.TryComplete();
    }

    internal void Offer(TranscriptResult result) => _channel.Writer.TryWrite(result);
}
