namespace Siprec.Cluster;

/// <summary>Redis cannot be reached, so nothing beyond this node can be read or reached.</summary>
public sealed class ClusterUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClusterUnavailableException()
        : base("Redis is unreachable")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ClusterUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ClusterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
