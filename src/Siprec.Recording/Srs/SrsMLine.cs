using Siprec.Media.Rtp;
using Siprec.Recording.Signalling;

namespace Siprec.Recording.Srs;

/// <summary>One offered m-line of a call as it stands: what was answered last, its recording channel and its port.</summary>
/// <param name="Answered">What was answered last for the m-line.</param>
/// <param name="Channel">The m-line's channel in the recording, or -1 when it is not recorded.</param>
/// <param name="Lease">The port lease answered for it, or null.</param>
internal sealed record SrsMLine(AnsweredStream Answered, int Channel, RtpPortLease? Lease)
{
    /// <summary>True when the m-line has a channel in the recording.</summary>
    public bool IsRecorded => Channel >= 0;
}
