using Siprec.Media.Rtp;

namespace Siprec.Recording.Admission;

/// <summary>Refuses new calls while every RTP port pair of the range is leased.</summary>
public sealed class RtpPortCheck(RtpPortAllocator ports) : IAdmissionCheck
{
    /// <inheritdoc />
    public string? RefusalReason() => ports.InUse >= ports.Capacity ? "No RTP Port Free" : null;
}
