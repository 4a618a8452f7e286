using StackExchange.Redis;

namespace Siprec.Cluster;

/// <summary>The cluster's Redis keys and channels, all under <c>&lt;cluster name&gt;:</c>.</summary>
public sealed class ClusterKeys(string clusterName)
{
    private readonly string _prefix = clusterName + ":";

    /// <summary>Sorted set of node ids by last renewal (ms since the epoch), so nobody has to scan keys.</summary>
    public RedisKey Nodes => _prefix + "nodes";

    /// <summary>Sorted set of the ids of nodes whose lease lapsed, by last renewal (ms), kept an hour so tools can show them down.</summary>
    public RedisKey DownNodes => _prefix + "down";

    /// <summary>Held by the node that currently runs the janitor.</summary>
    public RedisKey Janitor => _prefix + "janitor";

    /// <summary>A node's lease: its <see cref="NodeInfo"/> as JSON, with a TTL.</summary>
    public RedisKey Lease(string nodeId) => _prefix + "node:" + nodeId;

    /// <summary>The Call-IDs a node has published.</summary>
    public RedisKey NodeSessions(string nodeId) => _prefix + "node:" + nodeId + ":sess";

    /// <summary>A session's hash: owner, epoch, alias, started.</summary>
    public RedisKey Session(string callId) => _prefix + "sess:" + callId;

    /// <summary>RFC 7865 session id to Call-ID.</summary>
    public RedisKey Alias(string recordingSessionId) => _prefix + "alias:" + recordingSessionId;

    /// <summary>The command stream of one node start; a new start reads a new stream, so old commands die with it.</summary>
    public RedisKey Commands(string nodeId, string epoch) => _prefix + "cmd:" + nodeId + ":" + epoch;

    /// <summary>A command's answer, kept briefly for a sender that missed the published one.</summary>
    public RedisKey Result(string commandId) => _prefix + "res:" + commandId;

    /// <summary>Published to after a command was queued for the node start.</summary>
    public RedisChannel Wake(string nodeId, string epoch) => RedisChannel.Literal(_prefix + "wake:" + nodeId + ":" + epoch);

    /// <summary>Answers for commands the node start sent.</summary>
    public RedisChannel Replies(string nodeId, string epoch) => RedisChannel.Literal(_prefix + "reply:" + nodeId + ":" + epoch);
}
