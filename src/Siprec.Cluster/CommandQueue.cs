using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Siprec.Cluster;

/// <summary>
/// This node start's command stream and its replies. Senders append to the owner's stream and publish a wake-up; the
/// owner reads its stream in order, one command at a time, answers on the sender's reply channel and keeps the answer
/// briefly under the command id. A stream keeps what plain pub/sub would lose while the owner is away, so a command
/// queued meanwhile is applied when it comes back, in the order it was accepted.
/// </summary>
public sealed partial class CommandQueue : IAsyncDisposable
{
    private static readonly TimeSpan ResultLifetime = TimeSpan.FromMinutes(1);

    // A node start that died with commands queued never reads them again; its stream goes after an hour without sends.
    private static readonly TimeSpan StreamLifetime = TimeSpan.FromHours(1);
    private const int ReadBatch = 64;

    private readonly ClusterKeys _keys;
    private readonly NodeInfo _self;
    private readonly IClusterCommandHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ClusterReply>> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private IConnectionMultiplexer? _redis;
    private IDatabase? _db;
    private volatile bool _subscribed;
    private Task _reader = Task.CompletedTask;
    private string _lastId = "-";

    /// <summary>Creates the queue of <paramref name="self"/>, applying commands with <paramref name="handler"/>.</summary>
    public CommandQueue(ClusterKeys keys, NodeInfo self, IClusterCommandHandler handler, TimeProvider time, ILogger logger)
    {
        _keys = keys;
        _self = self;
        _handler = handler;
        _time = time;
        _logger = logger;
    }

    /// <summary>This node start's reply channel name.</summary>
    public string ReplyChannel => _keys.Replies(_self.Id, _self.Epoch).ToString();

    /// <summary>Starts reading the stream, and subscribes to wake-ups and replies when Redis answers already.</summary>
    public async Task StartAsync(IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _db = redis.GetDatabase();
        _reader = Task.Run(() => ReadLoopAsync(_stop.Token));
        try
        {
            await EnsureSubscribedAsync().ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            // Redis is away at start: the lease subscribes on its first renewal that reaches Redis.
            Log.SubscribeFailed(_logger, ex);
        }
    }

    /// <summary>
    /// Subscribes to wake-ups and replies unless done; the client renews subscriptions after a reconnection by itself,
    /// but one that failed before Redis was ever reached has to be made again.
    /// </summary>
    public async Task EnsureSubscribedAsync()
    {
        if (_subscribed || _redis is not { } redis)
        {
            return;
        }

        var subscriber = redis.GetSubscriber();
        await subscriber.SubscribeAsync(_keys.Wake(_self.Id, _self.Epoch), (_, _) => Wake()).ConfigureAwait(false);
        await subscriber.SubscribeAsync(_keys.Replies(_self.Id, _self.Epoch), (_, message) => OnReply(message)).ConfigureAwait(false);
        _subscribed = true;
        Wake();
    }

    /// <summary>Asks the reader to look at the stream (after a wake-up, a reconnection or a re-publish).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Queues <paramref name="kind"/> for <paramref name="owner"/> and waits for its answer; null when it did not answer
    /// in time (the command stays queued and is applied when the owner reads it).
    /// </summary>
    public async Task<ClusterReply?> SendAsync(
        NodeInfo owner, string kind, string sessionId, string body, string idempotencyKey, string keyId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var db = _db ?? throw new ClusterUnavailableException("Redis is unreachable: the cluster connection has not started");
        var command = new ClusterCommand(
            Guid.NewGuid().ToString("N"), kind, sessionId, body, idempotencyKey, keyId, ReplyChannel, _time.GetUtcNow() + timeout);
        var answer = new TaskCompletionSource<ClusterReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[command.Id] = answer;
        try
        {
            var stream = _keys.Commands(owner.Id, owner.Epoch);
            await db.StreamAddAsync(stream, command.ToEntry()).ConfigureAwait(false);
            await db.KeyExpireAsync(stream, StreamLifetime).ConfigureAwait(false);
            await db.PublishAsync(_keys.Wake(owner.Id, owner.Epoch), command.Id).ConfigureAwait(false);
            try
            {
                return await answer.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The published answer may have been lost in a reconnection; the stored one is not.
                var stored = await db.StringGetAsync(_keys.Result(command.Id)).ConfigureAwait(false);
                return ClusterReply.FromMessage(stored)?.Reply;
            }
        }
        finally
        {
            _pending.TryRemove(command.Id, out _);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _wake.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private void OnReply(RedisValue message)
    {
        if (ClusterReply.FromMessage(message) is { } reply && _pending.TryGetValue(reply.CommandId, out var answer))
        {
            answer.TrySetResult(reply.Reply);
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            try
            {
                await DrainAsync().ConfigureAwait(false);
            }
            catch (RedisException ex)
            {
                // The next wake-up (a command, the reconnection, the lease's re-publish) reads on from the same place.
                Log.ReadFailed(_logger, ex);
            }
        }
    }

    private async Task DrainAsync()
    {
        var db = _db!;
        var stream = _keys.Commands(_self.Id, _self.Epoch);
        while (true)
        {
            var start = _lastId == "-" ? "-" : "(" + _lastId;
            var entries = await db.StreamRangeAsync(stream, start, "+", ReadBatch).ConfigureAwait(false);
            if (entries.Length == 0)
            {
                return;
            }

            foreach (var entry in entries)
            {
                if (ClusterCommand.FromEntry(entry) is { } command)
                {
                    await ApplyAsync(db, command).ConfigureAwait(false);
                }

                _lastId = entry.Id.ToString();
                await db.StreamDeleteAsync(stream, [entry.Id]).ConfigureAwait(false);
            }
        }
    }

    private async Task ApplyAsync(IDatabase db, ClusterCommand command)
    {
        if (IsReadOnly(command.Kind) && _time.GetUtcNow() > command.Deadline)
        {
            return;
        }

        ClusterReply reply;
        try
        {
            reply = _handler.Handle(command);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.CommandFailed(_logger, command.Kind, ex);
            reply = new ClusterReply(500, "{\"error\":\"internal error on node " + _self.Id + "\",\"code\":500}");
        }

        var message = reply.ToMessage(command.Id);
        await db.StringSetAsync(_keys.Result(command.Id), message, ResultLifetime).ConfigureAwait(false);
        await db.PublishAsync(RedisChannel.Literal(command.ReplyTo), message).ConfigureAwait(false);
    }

    private static bool IsReadOnly(string kind) => kind is ClusterCommandKinds.Status or ClusterCommandKinds.Session or ClusterCommandKinds.List or ClusterCommandKinds.Statuses;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Reading the command stream failed; reading resumes at the next wake-up")]
        public static partial void ReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Subscribing to this node's commands failed; it subscribes when Redis answers")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "A cluster command failed")]
        public static partial void CommandFailed(ILogger logger, string kind, Exception exception);
    }
}
