using System.Collections.Concurrent;

namespace Siprec.Cluster.Tests.Support;

/// <summary>Answers every command with 200 and its kind and session, and keeps the commands it applied, in order.</summary>
public sealed class RecordingHandler(string node) : IClusterCommandHandler
{
    /// <summary>The commands applied, in order.</summary>
    public ConcurrentQueue<ClusterCommand> Applied { get; } = new();

    /// <inheritdoc />
    public ClusterReply Handle(ClusterCommand command)
    {
        Applied.Enqueue(command);
        return new ClusterReply(200, $"{{\"node\":\"{node}\",\"kind\":\"{command.Kind}\",\"session\":\"{command.SessionId}\",\"body\":{command.Body}}}");
    }
}
