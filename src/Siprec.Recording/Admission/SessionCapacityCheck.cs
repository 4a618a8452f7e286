using Siprec.Recording.Sessions;

namespace Siprec.Recording.Admission;

/// <summary>Refuses new calls while the node records as many sessions as it may.</summary>
public sealed class SessionCapacityCheck(ISessionRegistry registry, int maxSessions) : IAdmissionCheck
{
    /// <inheritdoc />
    public string? RefusalReason() => registry.Count >= maxSessions ? "At Session Capacity" : null;
}
