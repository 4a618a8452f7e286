using Microsoft.Extensions.Logging;
using Siprec.Recording.Sessions;
using StackExchange.Redis;

namespace Siprec.Cluster;

/// <summary>
/// Publishes this node's sessions to Redis as they start and end, and removes a node's entries when it is gone. Writes
/// are fire-and-forget so SIP never waits on Redis; a write that could not be sent marks the directory for a full
/// re-publish, which the lease does on its next renewal.
/// </summary>
public sealed partial class SessionDirectory
{
    private readonly ISessionRegistry _registry;
    private readonly ClusterKeys _keys;
    private readonly NodeInfo _self;
    private readonly ILogger _logger;
    private volatile IDatabase? _db;
    private volatile bool _stale = true;

    /// <summary>Creates the directory of <paramref name="self"/>'s sessions.</summary>
    public SessionDirectory(ISessionRegistry registry, ClusterKeys keys, NodeInfo self, ILogger logger)
    {
        _registry = registry;
        _keys = keys;
        _self = self;
        _logger = logger;
    }

    /// <summary>True when an entry may be missing from Redis.</summary>
    public bool Stale => _stale;

    /// <summary>Starts publishing to <paramref name="db"/>.</summary>
    public void Attach(IDatabase db)
    {
        _db = db;
        _registry.SessionAdded += OnAdded;
        _registry.SessionRemoved += OnRemoved;
    }

    /// <summary>Stops publishing.</summary>
    public void Detach()
    {
        _registry.SessionAdded -= OnAdded;
        _registry.SessionRemoved -= OnRemoved;
    }

    /// <summary>Marks the directory for a full re-publish (after Redis came back, perhaps empty).</summary>
    public void MarkStale() => _stale = true;

    /// <summary>Writes every live session of this node and drops the entries of sessions that ended meanwhile.</summary>
    public async Task RepublishAsync(IDatabase db)
    {
        _stale = false;
        var live = _registry.Snapshot();
        var liveIds = new HashSet<string>(live.Select(s => s.Id), StringComparer.Ordinal);
        var published = await db.SetMembersAsync(_keys.NodeSessions(_self.Id)).ConfigureAwait(false);
        var writes = new List<Task>();
        foreach (var member in published)
        {
            var callId = member.ToString();
            if (!liveIds.Contains(callId))
            {
                writes.Add(RemoveEntryAsync(db, _keys, _self.Id, callId));
            }
        }

        foreach (var session in live)
        {
            writes.Add(WriteAsync(db, session, CommandFlags.None));
        }

        try
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
        catch
        {
            _stale = true;
            throw;
        }
    }

    /// <summary>
    /// Removes the directory entries <paramref name="nodeId"/> published, unless they belong to <paramref name="keepEpoch"/>;
    /// used for a node whose lease expired and by a node start for the entries of its previous start.
    /// </summary>
    public static async Task RemoveNodeAsync(IDatabase db, ClusterKeys keys, string nodeId, string? keepEpoch)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        var removals = new List<Task>();
        await foreach (var member in db.SetScanAsync(keys.NodeSessions(nodeId)).ConfigureAwait(false))
        {
            var callId = member.ToString();
            if (keepEpoch is not null && await db.HashGetAsync(keys.Session(callId), "epoch").ConfigureAwait(false) == keepEpoch)
            {
                continue;
            }

            removals.Add(RemoveEntryAsync(db, keys, nodeId, callId));
        }

        await Task.WhenAll(removals).ConfigureAwait(false);
    }

    private static async Task RemoveEntryAsync(IDatabase db, ClusterKeys keys, string nodeId, string callId)
    {
        var fields = await db.HashGetAsync(keys.Session(callId), ["owner", "alias"]).ConfigureAwait(false);
        var batch = db.CreateBatch();
        var tasks = new List<Task> { batch.SetRemoveAsync(keys.NodeSessions(nodeId), callId) };
        // Another node may hold the same Call-ID now (a call moved by failover); only our own entry goes.
        if (fields[0].IsNull || fields[0] == nodeId)
        {
            tasks.Add(batch.KeyDeleteAsync(keys.Session(callId)));
            if (!fields[1].IsNullOrEmpty)
            {
                tasks.Add(DeleteAliasIfAsync(batch, keys.Alias(fields[1]!), callId));
            }
        }

        batch.Execute();
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private static Task DeleteAliasIfAsync(IDatabaseAsync db, RedisKey alias, string callId) =>
        db.ScriptEvaluateAsync("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", [alias], [callId]);

    private Task WriteAsync(IDatabase db, RecordingSession session, CommandFlags flags)
    {
        var batch = db.CreateBatch();
        var alias = session.RecordingSessionId ?? string.Empty;
        var tasks = new List<Task>
        {
            batch.HashSetAsync(_keys.Session(session.Id),
            [
                new("owner", _self.Id), new("epoch", _self.Epoch), new("alias", alias),
                new("started_at", session.StartedAt.ToUnixTimeMilliseconds()),
            ], flags),
            batch.SetAddAsync(_keys.NodeSessions(_self.Id), session.Id, flags),
        };
        if (alias.Length > 0)
        {
            tasks.Add(batch.StringSetAsync(_keys.Alias(alias), session.Id, flags: flags));
        }

        batch.Execute();
        return Task.WhenAll(tasks);
    }

    private void OnAdded(RecordingSession session) => Send(db => WriteAsync(db, session, CommandFlags.FireAndForget), session.Id);

    private void OnRemoved(RecordingSession session) => Send(db =>
    {
        var batch = db.CreateBatch();
        batch.KeyDeleteAsync(_keys.Session(session.Id), CommandFlags.FireAndForget);
        batch.SetRemoveAsync(_keys.NodeSessions(_self.Id), session.Id, CommandFlags.FireAndForget);
        if (session.RecordingSessionId is { Length: > 0 } alias)
        {
            batch.KeyDeleteAsync(_keys.Alias(alias), CommandFlags.FireAndForget);
        }

        batch.Execute();
        return Task.CompletedTask;
    }, session.Id);

    private void Send(Func<IDatabase, Task> write, string callId)
    {
        if (_db is not { } db || !db.Multiplexer.IsConnected)
        {
            _stale = true;
            return;
        }

        try
        {
            // Every command in the write is sent FireAndForget: its task is complete at once and never faults; a
            // connection that fails meanwhile marks the directory stale through the node's ConnectionFailed handler.
            _ = write(db);
        }
        catch (RedisException ex)
        {
            _stale = true;
            Log.WriteFailed(_logger, callId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Session directory write failed; it is re-published when Redis answers")]
        public static partial void WriteFailed(ILogger logger, string callId, Exception exception);
    }
}
