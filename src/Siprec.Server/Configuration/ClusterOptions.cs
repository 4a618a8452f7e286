namespace Siprec.Server.Configuration;

/// <summary>Cluster mode: many nodes, one control plane on Redis. Off (a single node) while no Redis is set.</summary>
public sealed class ClusterOptions
{
    /// <summary>Redis URL or StackExchange.Redis configuration string; null for a single node.</summary>
    public string? RedisUrl { get; set; }

    /// <summary>This node's id; the host name when null.</summary>
    public string? NodeId { get; set; }

    /// <summary>Prefix of the cluster's Redis keys.</summary>
    public string Name { get; set; } = "siprec";

    /// <summary>The node's HTTP address as listings show it.</summary>
    public string? AdvertisedUrl { get; set; }

    /// <summary>Life of the node's lease.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a command for another node waits.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
