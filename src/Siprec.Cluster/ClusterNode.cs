using Microsoft.Extensions.Logging;
using Siprec.Recording.Sessions;
using StackExchange.Redis;

namespace Siprec.Cluster;

/// <summary>
/// This node's membership of the cluster: the Redis connection, the lease (renewed a third of its life at a time), the
/// session directory, the command queue, and the janitor that clears the entries of nodes whose lease lapsed. Redis
/// never stands between SIP or RTP and the recording: when it is away, the node records on and re-publishes its state
/// when it is back (emptied by a restart included).
/// </summary>
public sealed partial class ClusterNode : IAsyncDisposable
{
    /// <summary>How long a node whose lease lapsed is still listed as down.</summary>
    private static readonly TimeSpan DownRetention = TimeSpan.FromHours(1);

    private readonly ClusterSettings _settings;
    private readonly TimeProvider _time;
    private readonly IClusterObserver _observer;
    private readonly ILogger _logger;
    private readonly ClusterKeys _keys;
    private readonly SessionDirectory _directory;
    private readonly CommandQueue _queue;
    private readonly CancellationTokenSource _stop = new();
    private ConnectionMultiplexer? _redis;
    private Task _leaseLoop = Task.CompletedTask;
    private volatile string? _lastError;
    private int _disposed;

    /// <summary>Creates the node; nothing connects before <see cref="StartAsync"/>.</summary>
    public ClusterNode(
        ClusterSettings settings, ISessionRegistry registry, IClusterCommandHandler handler, TimeProvider time,
        IClusterObserver observer, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        _settings = settings;
        _time = time;
        _observer = observer;
        _logger = loggers.CreateLogger<ClusterNode>();
        _keys = new ClusterKeys(settings.Name);
        Self = new NodeInfo(settings.NodeId, Guid.NewGuid().ToString("N"), settings.AdvertisedUrl, time.GetUtcNow());
        _directory = new SessionDirectory(registry, _keys, Self, loggers.CreateLogger<SessionDirectory>());
        _queue = new CommandQueue(_keys, Self, handler, time, loggers.CreateLogger<CommandQueue>());
    }

    /// <summary>This node start.</summary>
    public NodeInfo Self { get; }

    /// <summary>How long a command for another node waits.</summary>
    public TimeSpan CommandTimeout => _settings.CommandTimeout;

    /// <summary>
    /// How long a node may go without renewing its lease before commands for it are refused at once: two renewals
    /// missed, which a paused or busy node does not reach while a dead one does, well before its lease lapses.
    /// </summary>
    public TimeSpan RenewalOverdue => _settings.RenewInterval * 2;

    /// <summary>True while the connection to Redis is up.</summary>
    public bool IsConnected => _redis?.IsConnected == true;

    /// <summary>Why Redis is not usable, or null when it is.</summary>
    public string? Problem => IsConnected ? null : "Redis is unreachable" + (_lastError is { } e ? ": " + e : string.Empty);

    /// <summary>Connects (without waiting for Redis to answer), takes the lease and starts reading commands.</summary>
    public async Task StartAsync()
    {
        var options = ConfigurationOptions.Parse(RedisConnectionString.Normalize(_settings.Redis));
        options.AbortOnConnectFail = false;
        options.ClientName = "siprec-" + _settings.NodeId;
        options.ConnectTimeout = (int)Math.Min(_settings.CommandTimeout.TotalMilliseconds, 5000);
        options.AsyncTimeout = (int)_settings.CommandTimeout.TotalMilliseconds;
        options.SyncTimeout = options.AsyncTimeout;
        // Commands while Redis is away fail at once instead of waiting in a backlog: the API answers 503, SIP goes on.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        _redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        _redis.ConnectionFailed += (_, e) =>
        {
            _lastError = e.Exception?.Message ?? e.FailureType.ToString();
            _directory.MarkStale();
        };
        _redis.ConnectionRestored += (_, _) =>
        {
            _directory.MarkStale();
            _queue.Wake();
        };
        _directory.Attach(_redis.GetDatabase());
        await _queue.StartAsync(_redis).ConfigureAwait(false);
        await RenewSafelyAsync().ConfigureAwait(false);
        _leaseLoop = Task.Run(() => LeaseLoopAsync(_stop.Token));
    }

    /// <summary>The nodes whose lease is alive, this one included.</summary>
    public async Task<IReadOnlyList<NodeInfo>> LiveNodesAsync()
    {
        var db = Database();
        try
        {
            var ids = await db.SortedSetRangeByRankAsync(_keys.Nodes).ConfigureAwait(false);
            if (ids.Length == 0)
            {
                return [Self];
            }

            var leases = await db.StringGetAsync([.. ids.Select(id => _keys.Lease(id.ToString()))]).ConfigureAwait(false);
            var live = leases.Select(l => NodeInfo.FromJson(l)).OfType<NodeInfo>().ToList();
            if (!live.Any(n => n.Id == Self.Id))
            {
                live.Add(Self);
            }

            _observer.NodesSeen(live.Count);
            return live;
        }
        catch (RedisException ex)
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>
    /// Every node the cluster knows: those whose lease is alive (this one included), then those whose lease lapsed within
    /// the last hour (down), by id.
    /// </summary>
    public async Task<IReadOnlyList<KnownNode>> KnownNodesAsync()
    {
        var db = Database();
        try
        {
            var members = await db.SortedSetRangeByRankWithScoresAsync(_keys.Nodes).ConfigureAwait(false);
            var down = await db.SortedSetRangeByRankWithScoresAsync(_keys.DownNodes).ConfigureAwait(false);
            var leases = await db.StringGetAsync([.. members.Select(m => _keys.Lease(m.Element.ToString()))]).ConfigureAwait(false);
            var known = new Dictionary<string, KnownNode>(StringComparer.Ordinal);
            foreach (var entry in down)
            {
                known[entry.Element.ToString()] = new KnownNode(entry.Element.ToString(), null, LastSeen(entry.Score));
            }

            for (var i = 0; i < members.Length; i++)
            {
                var id = members[i].Element.ToString();
                known[id] = new KnownNode(id, NodeInfo.FromJson(leases[i]), LastSeen(members[i].Score));
            }

            known[Self.Id] = new KnownNode(Self.Id, Self, _time.GetUtcNow());
            _observer.NodesSeen(known.Values.Count(n => n.Lease is not null));
            return [.. known.Values.OrderBy(n => n.Id, StringComparer.Ordinal)];
        }
        catch (RedisException ex)
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>
    /// Finds the session with this Call-ID or RFC 7865 id in the directory; null when no node published it. The owner is
    /// null when its lease lapsed or its node restarted since.
    /// </summary>
    public async Task<SessionOwner?> FindAsync(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var db = Database();
        try
        {
            var callId = id;
            var fields = await db.HashGetAsync(_keys.Session(id), ["owner", "epoch"]).ConfigureAwait(false);
            if (fields[0].IsNull && await db.StringGetAsync(_keys.Alias(id)).ConfigureAwait(false) is { IsNull: false } aliased)
            {
                callId = aliased.ToString();
                fields = await db.HashGetAsync(_keys.Session(callId), ["owner", "epoch"]).ConfigureAwait(false);
            }

            if (fields[0].IsNull)
            {
                return null;
            }

            var ownerId = fields[0].ToString();
            var lease = NodeInfo.FromJson(await db.StringGetAsync(_keys.Lease(ownerId)).ConfigureAwait(false));
            var renewed = await db.SortedSetScoreAsync(_keys.Nodes, ownerId).ConfigureAwait(false);
            var since = renewed is { } ms ? _time.GetUtcNow() - LastSeen(ms) : TimeSpan.Zero;
            return new SessionOwner(callId, lease is not null && lease.Epoch == fields[1] ? lease : null, ownerId, since);
        }
        catch (RedisException ex)
        {
            throw Unavailable(ex);
        }
    }

    /// <summary>Sends a command to <paramref name="owner"/>; null when it did not answer in time (it stays queued).</summary>
    public async Task<ClusterReply?> SendAsync(
        NodeInfo owner, string kind, string sessionId, string body, string idempotencyKey, string keyId, CancellationToken cancellationToken)
    {
        Database();
        var started = _time.GetTimestamp();
        ClusterReply? reply;
        try
        {
            reply = await _queue.SendAsync(owner, kind, sessionId, body, idempotencyKey, keyId, _settings.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            _observer.CommandFailed("redis");
            throw Unavailable(ex);
        }

        if (reply is null)
        {
            _observer.CommandFailed("timeout");
        }
        else
        {
            _observer.CommandAnswered(_time.GetElapsedTime(started));
        }

        return reply;
    }

    /// <summary>Leaves the cluster: the lease and this node's directory entries are removed. Only the first call acts.</summary>
    public async ValueTask DisposeAsync()
    {
        // The host stops the node, then its container disposes it again.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _leaseLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _directory.Detach();
        await _queue.DisposeAsync().ConfigureAwait(false);
        if (_redis is { } redis)
        {
            try
            {
                if (redis.IsConnected)
                {
                    // A clean stop leaves at once rather than after the lease time.
                    await SessionDirectory.RemoveNodeAsync(redis.GetDatabase(), _keys, Self.Id, null).ConfigureAwait(false);
                    await redis.GetDatabase().KeyDeleteAsync(_keys.Lease(Self.Id)).ConfigureAwait(false);
                    await redis.GetDatabase().KeyDeleteAsync(_keys.Commands(Self.Id, Self.Epoch)).ConfigureAwait(false);
                }
            }
            catch (RedisException ex)
            {
                // The lease then lapses by itself and the janitor clears the rest.
                Log.LeaveFailed(_logger, ex);
            }

            await redis.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private static DateTimeOffset LastSeen(double unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)unixMilliseconds);

    private IDatabase Database() =>
        _redis is { IsConnected: true } redis ? redis.GetDatabase() : throw new ClusterUnavailableException(Problem ?? "Redis is unreachable");

    private ClusterUnavailableException Unavailable(RedisException ex)
    {
        _lastError = ex.Message;
        return new ClusterUnavailableException("Redis is unreachable: " + ex.Message, ex);
    }

    private async Task LeaseLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_settings.RenewInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await RenewSafelyAsync().ConfigureAwait(false);
        }
    }

    private async Task RenewSafelyAsync()
    {
        if (_redis is not { IsConnected: true } redis)
        {
            return;
        }

        try
        {
            await RenewAsync(redis.GetDatabase()).ConfigureAwait(false);
            _lastError = null;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _lastError = ex.Message;
            _directory.MarkStale();
            Log.RenewFailed(_logger, ex);
        }
    }

    private async Task RenewAsync(IDatabase db)
    {
        await _queue.EnsureSubscribedAsync().ConfigureAwait(false);
        var lease = Self.ToJson();
        var renewed = await db.StringSetAsync(_keys.Lease(Self.Id), lease, _settings.LeaseTime, When.Exists).ConfigureAwait(false);
        if (!renewed)
        {
            // First start, a lapsed lease (the node was stopped or cut off) or Redis restarted empty: take the lease
            // again and publish everything, after clearing what an earlier start of this node left behind.
            await db.StringSetAsync(_keys.Lease(Self.Id), lease, _settings.LeaseTime).ConfigureAwait(false);
            await SessionDirectory.RemoveNodeAsync(db, _keys, Self.Id, Self.Epoch).ConfigureAwait(false);
            await db.SortedSetRemoveAsync(_keys.DownNodes, Self.Id).ConfigureAwait(false);
            _directory.MarkStale();
        }

        await db.SortedSetAddAsync(_keys.Nodes, Self.Id, _time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
        _observer.NodesSeen((int)await db.SortedSetLengthAsync(_keys.Nodes).ConfigureAwait(false));
        if (_directory.Stale)
        {
            await _directory.RepublishAsync(db).ConfigureAwait(false);
            _queue.Wake();
        }

        await SweepAsync(db).ConfigureAwait(false);
    }

    /// <summary>One node at a time clears the directory entries of nodes whose lease lapsed.</summary>
    private async Task SweepAsync(IDatabase db)
    {
        if (!await db.StringSetAsync(_keys.Janitor, Self.Id, _settings.RenewInterval, When.NotExists).ConfigureAwait(false))
        {
            return;
        }

        var members = await db.SortedSetRangeByRankWithScoresAsync(_keys.Nodes).ConfigureAwait(false);
        var leases = await db.StringGetAsync([.. members.Select(m => _keys.Lease(m.Element.ToString()))]).ConfigureAwait(false);
        var live = 0;
        for (var i = 0; i < members.Length; i++)
        {
            if (!leases[i].IsNull)
            {
                live++;
                continue;
            }

            var id = members[i].Element.ToString();
            await SessionDirectory.RemoveNodeAsync(db, _keys, id, null).ConfigureAwait(false);
            await db.SortedSetAddAsync(_keys.DownNodes, id, members[i].Score).ConfigureAwait(false);
            await db.SortedSetRemoveAsync(_keys.Nodes, id).ConfigureAwait(false);
            Log.NodeGone(_logger, id);
        }

        var forgotten = _time.GetUtcNow() - DownRetention;
        await db.SortedSetRemoveRangeByScoreAsync(_keys.DownNodes, double.NegativeInfinity, forgotten.ToUnixTimeMilliseconds()).ConfigureAwait(false);

        _observer.NodesSeen(live);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Renewing the cluster lease failed; recording goes on and the node re-publishes when Redis answers")]
        public static partial void RenewFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Leaving the cluster cleanly failed; the node's lease lapses by itself")]
        public static partial void LeaveFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Cluster node left: its lease lapsed, its sessions were removed from the directory")]
        public static partial void NodeGone(ILogger logger, string node);
    }
}
