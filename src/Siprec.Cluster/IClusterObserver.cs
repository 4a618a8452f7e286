namespace Siprec.Cluster;

/// <summary>Told about the cluster's size and about commands sent to other nodes (for metrics).</summary>
public interface IClusterObserver
{
    /// <summary>The number of live nodes, as last seen.</summary>
    void NodesSeen(int count);

    /// <summary>A command sent to another node was answered after <paramref name="latency"/>.</summary>
    void CommandAnswered(TimeSpan latency);

    /// <summary>A command for another node failed: <c>timeout</c> (no answer in time) or <c>redis</c>.</summary>
    void CommandFailed(string reason);
}
