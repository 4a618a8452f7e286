namespace Siprec.Cluster;

/// <summary>A node the cluster knows: live while it holds its lease, down once the lease lapsed.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Lease">The live lease; null when the node is down.</param>
/// <param name="LastSeen">When the node last renewed its lease.</param>
public sealed record KnownNode(string Id, NodeInfo? Lease, DateTimeOffset LastSeen)
{
    /// <summary>True when the node's lease lapsed.</summary>
    public bool IsDown => Lease is null;
}
