using Siprec.Recording.Sessions;

namespace Siprec.Recording.Tests.Sessions;

public sealed class InMemorySessionRegistryTests
{
    private static RecordingSession Session(string id, string? alias = null, int startOffset = 0) =>
        new(id, DateTimeOffset.UnixEpoch.AddSeconds(startOffset), TimeProvider.System, alias);

    [Fact]
    public void FindsByCallIdAndByAliasSetLater()
    {
        var registry = new InMemorySessionRegistry();
        var session = Session("abc@host");
        Assert.True(registry.TryAdd(session));
        Assert.False(registry.TryGet("rs-1", out _));
        session.RecordingSessionId = "rs-1";
        Assert.True(registry.TryGet("abc@host", out var byCallId));
        Assert.True(registry.TryGet("rs-1", out var byAlias));
        Assert.Same(session, byCallId);
        Assert.Same(session, byAlias);
    }

    [Fact]
    public void RejectsDuplicateCallIdAndRaisesEvents()
    {
        var registry = new InMemorySessionRegistry();
        var added = new List<string>();
        var removed = new List<string>();
        registry.SessionAdded += s => added.Add(s.Id);
        registry.SessionRemoved += s => removed.Add(s.Id);
        Assert.True(registry.TryAdd(Session("a")));
        Assert.False(registry.TryAdd(Session("a")));
        Assert.True(registry.TryRemove("a", out var gone));
        Assert.False(registry.TryRemove("a", out _));
        Assert.Equal("a", gone!.Id);
        Assert.Equal(["a"], added);
        Assert.Equal(["a"], removed);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void SnapshotIsOrderedByStart()
    {
        var registry = new InMemorySessionRegistry();
        registry.TryAdd(Session("late", startOffset: 20));
        registry.TryAdd(Session("early", startOffset: 10));
        Assert.Equal(["early", "late"], registry.Snapshot().Select(s => s.Id));
    }
}
