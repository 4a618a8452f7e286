namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A block of consecutive local ports held for one test; other test processes skip it until disposed.</summary>
public sealed class PortLease(int first, int count, IReadOnlyList<FileStream> locks) : IDisposable
{
    /// <summary>First port of the block.</summary>
    public int First { get; } = first;

    /// <summary>Number of ports in the block.</summary>
    public int Count { get; } = count;

    /// <summary>Last port of the block (inclusive).</summary>
    public int Last => First + Count - 1;

    /// <summary>The port at <paramref name="offset"/> within the block.</summary>
    public int this[int offset] =>
        offset >= 0 && offset < Count ? First + offset : throw new ArgumentOutOfRangeException(nameof(offset), $"offset {offset} is outside a lease of {Count} ports");

    /// <summary>Releases the block.</summary>
    public void Dispose()
    {
        foreach (var fileLock in locks)
            fileLock.Dispose();
    }
}
