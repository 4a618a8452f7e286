namespace Siprec.Cluster;

/// <summary>Applies a command on the node that received it from its stream, exactly as the node's own API would.</summary>
public interface IClusterCommandHandler
{
    /// <summary>The answer to <paramref name="command"/>.</summary>
    ClusterReply Handle(ClusterCommand command);
}
