using System.Globalization;
using System.Text.Json;
using Siprec.Cluster;
using Siprec.Server.Api;

namespace Siprec.Server.Cluster;

/// <summary>
/// The sessions and pause endpoints across the cluster. A command for a session goes to the node that owns it and is
/// applied there by the pause service; "all" asks every live node and reports each node's result beside the merged one.
/// Anything short of every node answering is not a plain 200.
/// </summary>
public sealed class ClusterControl(ClusterNode node, ClusterCommandHandler handler, NodeControl local)
{
    /// <summary>This node's id.</summary>
    public string NodeId => node.Self.Id;

    /// <summary>
    /// Applies <paramref name="kind"/> to one session: here when this node owns it, else on its owner. 404 when no live
    /// node has it, 503 when its owner's lease lapsed or is overdue or Redis is unreachable, 202 when the owner is alive but did not
    /// answer in time (the command stays queued and is applied in order when the owner reads it).
    /// </summary>
    public async Task<JsonAnswer> SessionAsync(string kind, string id, string body, string idempotencyKey, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (local.Owns(id))
        {
            return handler.Apply(kind, id, body, idempotencyKey, keyId);
        }

        SessionOwner? found;
        try
        {
            found = await node.FindAsync(id).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            return RedisUnavailable(ex, "session " + id + " is not on this node");
        }

        if (found is null || found.OwnerId == node.Self.Id)
        {
            // Our own entry without our session is a call that just ended, or one from an earlier start of this node.
            return NodeControl.SessionNotFound(id);
        }

        if (found.Owner is null)
        {
            return JsonAnswer.Error(503, $"node {found.OwnerId} that owned session {id} is gone (its lease lapsed); the session is no longer recorded");
        }

        if (found.SinceRenewal > node.RenewalOverdue)
        {
            return JsonAnswer.Error(503, $"node {found.OwnerId} that owns session {id} has not renewed its lease for "
                + $"{found.SinceRenewal.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s (it renews every "
                + $"{(node.RenewalOverdue / 2).TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s): it is down or cut off; the command was not sent");
        }

        ClusterReply? reply;
        try
        {
            reply = await node.SendAsync(found.Owner, kind, found.CallId, body, idempotencyKey, keyId, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            return RedisUnavailable(ex, "session " + id + " is on node " + found.OwnerId);
        }

        return reply is null
            ? Queued(found.OwnerId, id)
            : JsonAnswer.Relay(reply.Status, reply.Body);
    }

    /// <summary>
    /// Applies <paramref name="kind"/> (list, statuses, pause-all, resume-all) on every live node; 504 with the same
    /// body when a node did not answer in time, 503 when Redis is unreachable.
    /// </summary>
    public async Task<JsonAnswer> AllAsync(string kind, string body, string idempotencyKey, string keyId, CancellationToken cancellationToken)
    {
        IReadOnlyList<NodeInfo> nodes;
        try
        {
            nodes = await node.LiveNodesAsync().ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            return RedisUnavailable(ex, "add ?scope=node for this node's own sessions");
        }

        var own = handler.Apply(kind, string.Empty, body, idempotencyKey, keyId);
        if (own.StatusCode != 200)
        {
            return own;
        }

        var asked = nodes.Where(n => n.Id != node.Self.Id)
            .Select(n => AskAsync(n, kind, body, idempotencyKey, keyId, cancellationToken))
            .Prepend(Task.FromResult(new NodeAnswer(node.Self.Id, own.ToJson(), null)));
        var answers = await Task.WhenAll(asked).ConfigureAwait(false);
        return Merge(kind, answers);
    }

    private async Task<NodeAnswer> AskAsync(NodeInfo target, string kind, string body, string idempotencyKey, string keyId, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await node.SendAsync(target, kind, string.Empty, body, idempotencyKey, keyId, cancellationToken).ConfigureAwait(false);
            return reply switch
            {
                null => new NodeAnswer(target.Id, null, NotAnswered(kind, node.CommandTimeout)),
                { Status: 200 } => new NodeAnswer(target.Id, reply.Body, null),
                _ => new NodeAnswer(target.Id, null, ErrorOf(reply)),
            };
        }
        catch (ClusterUnavailableException ex)
        {
            return new NodeAnswer(target.Id, null, ex.Message);
        }
    }

    private static JsonAnswer Merge(string kind, NodeAnswer[] answers)
    {
        var failed = answers.Where(a => a.Error is not null).Select(a => a.Node).ToList();
        var documents = answers.Select(a => a.Json is null ? null : JsonDocument.Parse(a.Json)).ToList();
        var status = failed.Count == 0 ? 200 : 504;
        return new JsonAnswer(status, w =>
        {
            try
            {
                if (kind == ClusterCommandKinds.Statuses && failed.Count == 0)
                {
                    // The spec's answer is the bare map of statuses; each one names its node.
                    WriteMap(w, documents);
                    return;
                }

                w.WriteStartObject();
                if (failed.Count > 0)
                {
                    w.WriteString("error", $"not every node answered ({string.Join(", ", failed)}); their part is missing below. Retrying is safe");
                    w.WriteNumber("code", status);
                }

                switch (kind)
                {
                    case ClusterCommandKinds.List:
                        WriteMerged(w, documents, "sessions", array: true);
                        break;
                    case ClusterCommandKinds.Statuses:
                        WriteMerged(w, documents, "statuses", array: false);
                        break;
                    default:
                        w.WriteString("message", kind == ClusterCommandKinds.PauseAll ? "All sessions paused" : "All sessions resumed");
                        WriteMerged(w, documents, "statuses", array: false);
                        break;
                }

                WriteNodes(w, answers, documents, kind == ClusterCommandKinds.List ? "sessions" : "statuses");
                w.WriteEndObject();
            }
            finally
            {
                foreach (var document in documents)
                {
                    document?.Dispose();
                }
            }
        });
    }

    private static void WriteMerged(Utf8JsonWriter w, List<JsonDocument?> documents, string name, bool array)
    {
        var parts = documents.OfType<JsonDocument>().Select(d => PartOf(d.RootElement, name)).ToList();
        w.WriteNumber("count", parts.Sum(p => array ? p.GetArrayLength() : p.EnumerateObject().Count()));
        if (array)
        {
            w.WriteStartArray(name);
            foreach (var item in parts.SelectMany(p => p.EnumerateArray()))
            {
                item.WriteTo(w);
            }

            w.WriteEndArray();
            return;
        }

        w.WritePropertyName(name);
        WriteMap(w, documents);
    }

    private static void WriteMap(Utf8JsonWriter w, List<JsonDocument?> documents)
    {
        w.WriteStartObject();
        foreach (var property in documents.OfType<JsonDocument>().SelectMany(d => PartOf(d.RootElement, "statuses").EnumerateObject()))
        {
            property.WriteTo(w);
        }

        w.WriteEndObject();
    }

    /// <summary>A node's sessions or statuses: under <paramref name="name"/>, except a pause-status map, which is the whole answer.</summary>
    private static JsonElement PartOf(JsonElement root, string name) => root.TryGetProperty(name, out var part) ? part : root;

    private static void WriteNodes(Utf8JsonWriter w, NodeAnswer[] answers, List<JsonDocument?> documents, string name)
    {
        w.WriteStartObject("nodes");
        for (var i = 0; i < answers.Length; i++)
        {
            w.WriteStartObject(answers[i].Node);
            if (documents[i] is { } document)
            {
                var part = PartOf(document.RootElement, name);
                w.WriteString("result", "ok");
                w.WriteNumber("count", part.ValueKind == JsonValueKind.Array ? part.GetArrayLength() : part.EnumerateObject().Count());
                w.WriteNull("error");
            }
            else
            {
                w.WriteString("result", answers[i].Error!.Contains("Redis", StringComparison.Ordinal) ? "unreachable" : "no_answer");
                w.WriteNull("count");
                w.WriteString("error", answers[i].Error);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static string NotAnswered(string kind, TimeSpan timeout)
    {
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return kind is ClusterCommandKinds.PauseAll or ClusterCommandKinds.ResumeAll
            ? $"no answer within {seconds}s; the command stays queued and is applied when the node reads it"
            : $"no answer within {seconds}s";
    }

    private static string ErrorOf(ClusterReply reply)
    {
        try
        {
            using var document = JsonDocument.Parse(reply.Body);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? "error" : "answered " + reply.Status;
        }
        catch (JsonException)
        {
            return "answered " + reply.Status;
        }
    }

    private JsonAnswer Queued(string owner, string id) =>
        new(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", $"node {owner} did not answer within {node.CommandTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s; "
                + "the command is queued and is applied in order when the node reads it (not applied yet)");
            w.WriteString("session_id", id);
            w.WriteString("node", owner);
            w.WriteEndObject();
        });

    private static JsonAnswer RedisUnavailable(ClusterUnavailableException ex, string detail) =>
        JsonAnswer.Error(503, ex.Message + " (" + detail + ")");

    private sealed record NodeAnswer(string Node, string? Json, string? Error);
}
