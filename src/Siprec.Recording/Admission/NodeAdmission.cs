namespace Siprec.Recording.Admission;

/// <summary>
/// Whether this node takes a new call now: the drain state first, then each check in turn. New INVITEs and OPTIONS
/// probes consult the same admission, so a dispatcher probing with OPTIONS routes around a node that would refuse.
/// </summary>
public sealed class NodeAdmission
{
    private readonly IAdmissionCheck[] _checks;

    /// <summary>Creates the admission of <paramref name="drain"/> and <paramref name="checks"/>.</summary>
    public NodeAdmission(NodeDrain drain, IEnumerable<IAdmissionCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(drain);
        ArgumentNullException.ThrowIfNull(checks);
        Drain = drain;
        _checks = [drain, .. checks.Where(c => !ReferenceEquals(c, drain))];
    }

    /// <summary>The node's drain state.</summary>
    public NodeDrain Drain { get; }

    /// <summary>The reason phrase of the first check that refuses a new call, or null when every check admits it.</summary>
    public string? RefusalReason()
    {
        foreach (var check in _checks)
        {
            if (check.RefusalReason() is { } reason)
            {
                return reason;
            }
        }

        return null;
    }
}
