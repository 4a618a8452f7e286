namespace Siprec.Recording.Admission;

/// <summary>
/// Whether the node takes new calls: drained by an operator (reversible) or shutting down (for good). Live calls are
/// never touched; only new INVITEs and OPTIONS probes are refused.
/// </summary>
public sealed class NodeDrain : IAdmissionCheck
{
    private const int Active = 0;
    private const int Drained = 1;
    private const int ShuttingDown = 2;

    private int _state;

    /// <summary>True once <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown => Volatile.Read(ref _state) == ShuttingDown;

    /// <summary>True while new calls are refused, whether drained or shutting down.</summary>
    public bool IsDraining => Volatile.Read(ref _state) != Active;

    /// <summary>Refuses new calls until <see cref="Undrain"/>; false when the node is shutting down already.</summary>
    public bool Drain() => Interlocked.CompareExchange(ref _state, Drained, Active) != ShuttingDown;

    /// <summary>Takes new calls again; false when the node is shutting down, which cannot be undone.</summary>
    public bool Undrain() => Interlocked.CompareExchange(ref _state, Active, Drained) != ShuttingDown;

    /// <summary>Refuses new calls for the rest of this process's life.</summary>
    public void ShutDown() => Volatile.Write(ref _state, ShuttingDown);

    /// <inheritdoc />
    public string? RefusalReason() => Volatile.Read(ref _state) switch
    {
        Drained => "Draining",
        ShuttingDown => "Shutting Down",
        _ => null,
    };
}
