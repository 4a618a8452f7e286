using Siprec.Recording.Admission;
using Siprec.Server.Configuration;
using Siprec.Server.Observability;

namespace Siprec.Server.Nodes;

/// <summary>
/// Refuses new calls while the recording volume has less free space than the disk health check asks for, so calls go to
/// a node that can keep them. A volume whose space cannot be read admits calls: the health check reports it.
/// </summary>
public sealed class DiskSpaceCheck(string directory, DiskSpaceThreshold minimum) : IAdmissionCheck
{
    /// <inheritdoc />
    public string? RefusalReason() =>
        DiskSpace.TryRead(directory, out var free, out var total) && !minimum.IsMet(free, total) ? "Low Disk Space" : null;
}
