using System.Collections.Concurrent;

namespace Siprec.Recording.Sessions;

/// <summary>
/// Sessions of a single node held in memory. Call-ID lookups are O(1); an alias lookup scans the
/// sessions, since the alias may be set on a session after it was added.
/// </summary>
public sealed class InMemorySessionRegistry : ISessionRegistry
{
    private readonly ConcurrentDictionary<string, RecordingSession> _byCallId = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public event Action<RecordingSession>? SessionAdded;

    /// <inheritdoc />
    public event Action<RecordingSession>? SessionRemoved;

    /// <inheritdoc />
    public int Count => _byCallId.Count;

    /// <inheritdoc />
    public bool TryAdd(RecordingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_byCallId.TryAdd(session.Id, session))
        {
            return false;
        }

        SessionAdded?.Invoke(session);
        return true;
    }

    /// <inheritdoc />
    public bool TryRemove(string callId, out RecordingSession? session)
    {
        ArgumentNullException.ThrowIfNull(callId);
        if (!_byCallId.TryRemove(callId, out session))
        {
            return false;
        }

        SessionRemoved?.Invoke(session);
        return true;
    }

    /// <inheritdoc />
    public bool TryGet(string id, out RecordingSession? session)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_byCallId.TryGetValue(id, out session))
        {
            return true;
        }

        // Enumerating the dictionary itself takes no lock and copies nothing, unlike its Values; a miss (every new
        // INVITE's duplicate check) would otherwise lock every bucket and copy every live session.
        foreach (var (_, candidate) in _byCallId)
        {
            if (string.Equals(candidate.RecordingSessionId, id, StringComparison.Ordinal))
            {
                session = candidate;
                return true;
            }
        }

        session = null;
        return false;
    }

    /// <inheritdoc />
    public IReadOnlyList<RecordingSession> Snapshot() =>
        [.. _byCallId.Values.OrderBy(s => s.StartedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
}
