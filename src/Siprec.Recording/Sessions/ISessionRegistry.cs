namespace Siprec.Recording.Sessions;

/// <summary>The live recording sessions of this server, by Call-ID and by RFC 7865 session id alias. Thread-safe.</summary>
public interface ISessionRegistry
{
    /// <summary>Raised after a session was added.</summary>
    event Action<RecordingSession>? SessionAdded;

    /// <summary>Raised after a session was removed.</summary>
    event Action<RecordingSession>? SessionRemoved;

    /// <summary>Number of sessions held.</summary>
    int Count { get; }

    /// <summary>Adds a session; false when a session with the same Call-ID exists.</summary>
    bool TryAdd(RecordingSession session);

    /// <summary>Removes the session with this Call-ID; false when there is none.</summary>
    bool TryRemove(string callId, out RecordingSession? session);

    /// <summary>Finds a session by Call-ID, else by RFC 7865 session id.</summary>
    bool TryGet(string id, out RecordingSession? session);

    /// <summary>A point-in-time list of the sessions, ordered by start time.</summary>
    IReadOnlyList<RecordingSession> Snapshot();
}
