using StackExchange.Redis;

namespace Siprec.Cluster;

/// <summary>A command for the node that owns a session (or for every node), carried in its command stream.</summary>
/// <param name="Id">Unique command id; its answer is stored under it.</param>
/// <param name="Kind">What to do, such as <c>pause</c> or <c>list</c>; the receiving handler gives it meaning.</param>
/// <param name="SessionId">The Call-ID or RFC 7865 id the command is about; empty for a node-wide command.</param>
/// <param name="Body">The request body as the API received it (UTF-8 JSON), so the owner applies it as it would its own.</param>
/// <param name="IdempotencyKey">The request's idempotency key; empty when none.</param>
/// <param name="KeyId">Audit id of the caller's API key.</param>
/// <param name="ReplyTo">The sender's reply channel.</param>
/// <param name="Deadline">After this, a command that only reads is not worth answering: its sender gave up.</param>
public sealed record ClusterCommand(
    string Id, string Kind, string SessionId, string Body, string IdempotencyKey, string KeyId, string ReplyTo, DateTimeOffset Deadline)
{
    /// <summary>The stream entry's fields.</summary>
    public NameValueEntry[] ToEntry() =>
    [
        new("id", Id), new("kind", Kind), new("session", SessionId), new("body", Body), new("idem", IdempotencyKey),
        new("key", KeyId), new("reply", ReplyTo), new("deadline", Deadline.ToUnixTimeMilliseconds()),
    ];

    /// <summary>Reads a stream entry; null when a field is missing.</summary>
    public static ClusterCommand? FromEntry(StreamEntry entry)
    {
        var id = entry["id"];
        var kind = entry["kind"];
        var reply = entry["reply"];
        if (id.IsNullOrEmpty || kind.IsNullOrEmpty || reply.IsNullOrEmpty || !entry["deadline"].TryParse(out long deadline))
        {
            return null;
        }

        return new ClusterCommand(
            id!, kind!, entry["session"].ToString(), entry["body"].ToString(), entry["idem"].ToString(), entry["key"].ToString(),
            reply!, DateTimeOffset.FromUnixTimeMilliseconds(deadline));
    }
}
