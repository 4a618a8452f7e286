namespace Siprec.Cluster;

/// <summary>How this node joins a cluster: where Redis is, who it is, and how long it waits.</summary>
/// <param name="Redis">StackExchange.Redis configuration string (see <see cref="RedisConnectionString"/>).</param>
/// <param name="NodeId">This node's id, unique in the cluster.</param>
/// <param name="Name">The cluster's name; every key starts with it, so clusters can share one Redis.</param>
/// <param name="AdvertisedUrl">The HTTP address other nodes and tools show for this node; may be empty.</param>
/// <param name="LeaseTime">How long the node's lease lives without renewal; its sessions vanish from listings after it.</param>
/// <param name="CommandTimeout">How long a command sent to another node waits for its answer.</param>
public sealed record ClusterSettings(
    string Redis, string NodeId, string Name, string AdvertisedUrl, TimeSpan LeaseTime, TimeSpan CommandTimeout)
{
    /// <summary>How often the lease is renewed: a third of its life, so two renewals may fail before it lapses.</summary>
    public TimeSpan RenewInterval => LeaseTime / 3;
}
