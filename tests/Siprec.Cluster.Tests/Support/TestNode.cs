using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Recording.Sessions;

namespace Siprec.Cluster.Tests.Support;

/// <summary>A cluster node with its own session registry and a handler that records what it applies.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private TestNode(string id, ClusterNode node, InMemorySessionRegistry registry, RecordingHandler handler, CountingObserver observer)
    {
        Id = id;
        Node = node;
        Registry = registry;
        Handler = handler;
        Observer = observer;
    }

    public string Id { get; }

    public ClusterNode Node { get; }

    public InMemorySessionRegistry Registry { get; }

    public RecordingHandler Handler { get; }

    public CountingObserver Observer { get; }

    /// <summary>Starts node <paramref name="id"/> in cluster <paramref name="cluster"/> on <paramref name="redis"/>, on <paramref name="time"/> (the system clock by default).</summary>
    public static async Task<TestNode> StartAsync(string redis, string cluster, string id, TimeSpan? commandTimeout = null, TimeProvider? time = null)
    {
        var registry = new InMemorySessionRegistry();
        var handler = new RecordingHandler(id);
        var observer = new CountingObserver();
        var settings = new ClusterSettings(redis, id, cluster, "http://127.0.0.1/" + id, TimeSpan.FromSeconds(3), commandTimeout ?? TimeSpan.FromSeconds(2));
        var node = new ClusterNode(settings, registry, handler, time ?? TimeProvider.System, observer, NullLoggerFactory.Instance);
        await node.StartAsync();
        return new TestNode(id, node, registry, handler, observer);
    }

    /// <summary>Adds a live session to this node.</summary>
    public RecordingSession AddSession(string callId, string? recordingSessionId = null)
    {
        var session = new RecordingSession(callId, DateTimeOffset.UtcNow, TimeProvider.System, recordingSessionId);
        Assert.True(Registry.TryAdd(session));
        return session;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
