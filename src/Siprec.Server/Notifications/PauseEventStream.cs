using System.Collections.Concurrent;
using System.Threading.Channels;
using Siprec.Recording.Control;

namespace Siprec.Server.Notifications;

/// <summary>Fans pause events out to live subscribers (the SSE endpoint); a slow subscriber loses its oldest events, never blocks.</summary>
public sealed class PauseEventStream : IPauseEventSink
{
    private const int SubscriberCapacity = 256;
    private readonly ConcurrentDictionary<Channel<PauseEvent>, byte> _subscribers = new();

    /// <summary>Number of live subscribers.</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <inheritdoc />
    public void Publish(PauseEvent pauseEvent)
    {
        if (!pauseEvent.Changed && !pauseEvent.IsAlert)
        {
            return;
        }

        foreach (var channel in _subscribers.Keys)
        {
            channel.Writer.TryWrite(pauseEvent);
        }
    }

    /// <summary>Subscribes; dispose the subscription to stop receiving.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<PauseEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _subscribers[channel] = 0;
        return new Subscription(channel.Reader, () => _subscribers.TryRemove(channel, out _));
    }

    /// <summary>A live subscription to pause events.</summary>
    public sealed class Subscription(ChannelReader<PauseEvent> reader, Action unsubscribe) : IDisposable
    {
        /// <summary>The events, in order.</summary>
        public ChannelReader<PauseEvent> Events { get; } = reader;

        /// <inheritdoc />
        public void Dispose() => unsubscribe();
    }
}
