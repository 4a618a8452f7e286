using System.Text;
using Siprec.Cluster;
using Siprec.Server.Api;
using Siprec.Server.Nodes;

namespace Siprec.Server.Cluster;

/// <summary>Applies a command from this node's stream through the same answers its own API gives.</summary>
public sealed class ClusterCommandHandler(NodeControl local, LocalNodeState node) : IClusterCommandHandler
{
    /// <inheritdoc />
    public ClusterReply Handle(ClusterCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var answer = Apply(command.Kind, command.SessionId, command.Body, command.IdempotencyKey, command.KeyId);
        return new ClusterReply(answer.StatusCode ?? 200, answer.ToJson());
    }

    /// <summary>This node's answer to <paramref name="kind"/>.</summary>
    public JsonAnswer Apply(string kind, string sessionId, string body, string idempotencyKey, string keyId)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var idem = idempotencyKey.Length == 0 ? null : idempotencyKey;
        if (!ControlRequestBody.TryParse(Encoding.UTF8.GetBytes(body ?? string.Empty), out var parsed, out var error))
        {
            return JsonAnswer.Error(400, error!);
        }

        return kind switch
        {
            ClusterCommandKinds.Pause => local.Pause(sessionId, parsed, idem, keyId),
            ClusterCommandKinds.Resume => local.Resume(sessionId, parsed, idem, keyId),
            ClusterCommandKinds.Status => local.Status(sessionId),
            ClusterCommandKinds.Session => local.Session(sessionId),
            ClusterCommandKinds.List => local.List(),
            ClusterCommandKinds.Statuses => local.AllStatuses(),
            ClusterCommandKinds.PauseAll => local.PauseAll(parsed, idem, keyId),
            ClusterCommandKinds.ResumeAll => local.ResumeAll(parsed, idem, keyId),
            ClusterCommandKinds.Node => node.Status(),
            ClusterCommandKinds.Drain => node.Drain(),
            ClusterCommandKinds.Undrain => node.Undrain(),
            _ => JsonAnswer.Error(400, "unknown cluster command: " + kind),
        };
    }
}
