namespace Siprec.Cluster.Tests.Support;

/// <summary>Counts what the node reports, for tests that look at failures.</summary>
public sealed class CountingObserver : IClusterObserver
{
    private int _failures;
    private int _answered;

    /// <summary>Commands that got no answer.</summary>
    public int Failures => _failures;

    /// <summary>Commands answered.</summary>
    public int Answered => _answered;

    /// <inheritdoc />
    public void NodesSeen(int count)
    {
    }

    /// <inheritdoc />
    public void CommandAnswered(TimeSpan latency) => Interlocked.Increment(ref _answered);

    /// <inheritdoc />
    public void CommandFailed(string reason) => Interlocked.Increment(ref _failures);
}
