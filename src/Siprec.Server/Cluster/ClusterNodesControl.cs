using System.Globalization;
using System.Text.Json;
using Siprec.Cluster;
using Siprec.Server.Api;
using Siprec.Server.Nodes;

namespace Siprec.Server.Cluster;

/// <summary>
/// The nodes endpoints across the cluster: every live node reports its own state through its command stream, down nodes
/// are listed from the directory, and a drain or undrain goes to the node it names and is applied there.
/// </summary>
public sealed class ClusterNodesControl(ClusterNode node, LocalNodeState local)
{
    /// <summary>
    /// Every node: live ones as they report themselves (<c>"state": "unknown"</c> with an error when one does not answer in
    /// time), down ones with their last renewal; 503 when Redis is unreachable.
    /// </summary>
    public async Task<JsonAnswer> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<KnownNode> known;
        try
        {
            known = await node.KnownNodesAsync().ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            return JsonAnswer.Error(503, ex.Message + " (add ?scope=node for this node alone)");
        }

        var entries = await Task.WhenAll(known.Select(n => EntryAsync(n, cancellationToken))).ConfigureAwait(false);
        return new JsonAnswer(200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count", entries.Length);
            w.WriteStartArray("nodes");
            foreach (var entry in entries)
            {
                entry(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Applies <paramref name="kind"/> (drain or undrain) on node <paramref name="id"/>: here when it is this node, else
    /// through its command stream. 404 for an unknown node, 409 for a down one, 202 when it did not answer in time.
    /// </summary>
    public async Task<JsonAnswer> CommandAsync(string kind, string id, string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id == local.Id)
        {
            return kind == ClusterCommandKinds.Drain ? local.Drain() : local.Undrain();
        }

        KnownNode? target;
        try
        {
            target = (await node.KnownNodesAsync().ConfigureAwait(false)).FirstOrDefault(n => n.Id == id);
        }
        catch (ClusterUnavailableException ex)
        {
            return JsonAnswer.Error(503, ex.Message + $" (node {id} cannot be reached without it)");
        }

        if (target is null)
        {
            return LocalNodeState.NotFound(id);
        }

        if (target.Lease is not { } lease)
        {
            return JsonAnswer.Error(409, $"node {id} is down (its lease lapsed at {Rfc3339.Format(target.LastSeen)}); there is nothing to {kind}");
        }

        ClusterReply? reply;
        try
        {
            reply = await node.SendAsync(lease, kind, string.Empty, string.Empty, string.Empty, keyId, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterUnavailableException ex)
        {
            return JsonAnswer.Error(503, ex.Message + $" (node {id} cannot be reached without it)");
        }

        return reply is null ? Queued(kind, id) : JsonAnswer.Relay(reply.Status, reply.Body);
    }

    private async Task<Action<Utf8JsonWriter>> EntryAsync(KnownNode known, CancellationToken cancellationToken)
    {
        if (known.Id == local.Id)
        {
            return local.Write;
        }

        if (known.Lease is not { } lease)
        {
            return w => WriteOther(w, known, "down", null);
        }

        try
        {
            var reply = await node.SendAsync(lease, ClusterCommandKinds.Node, string.Empty, string.Empty, string.Empty, string.Empty, cancellationToken)
                .ConfigureAwait(false);
            if (reply is { Status: 200 })
            {
                return w =>
                {
                    using var document = JsonDocument.Parse(reply.Body);
                    document.RootElement.WriteTo(w);
                };
            }

            var error = reply is null
                ? $"no answer within {node.CommandTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s"
                : "answered " + reply.Status;
            return w => WriteOther(w, known, "unknown", error);
        }
        catch (ClusterUnavailableException ex)
        {
            return w => WriteOther(w, known, "unknown", ex.Message);
        }
    }

    /// <summary>A node that did not describe itself: what the directory knows, and why.</summary>
    private static void WriteOther(Utf8JsonWriter w, KnownNode known, string state, string? error)
    {
        w.WriteStartObject();
        w.WriteString("id", known.Id);
        w.WriteString("state", state);
        w.WriteString("last_seen", Rfc3339.Format(known.LastSeen));
        if (known.Lease is { } lease)
        {
            w.WriteString("started_at", Rfc3339.Format(lease.StartedAt));
            w.WriteString("url", lease.Url);
        }

        if (error is not null)
        {
            w.WriteString("error", error);
        }

        w.WriteEndObject();
    }

    private JsonAnswer Queued(string kind, string id) =>
        new(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("message", $"node {id} did not answer within {node.CommandTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s; "
                + $"the {kind} is queued and is applied when the node reads it (not applied yet)");
            w.WriteString("node", id);
            w.WriteEndObject();
        });
}
