using Siprec.Recording.Srs;

namespace Siprec.Recording.Tests.Srs;

/// <summary>A call as the RTP-timeout watchdog sees it, set by the test.</summary>
internal sealed class WatchedCall(string sessionId, DateTimeOffset lastRtpAt) : IRtpTimeoutSubject
{
    public string SessionId { get; } = sessionId;

    public bool ExpectsRtp { get; set; } = true;

    public DateTimeOffset LastRtpAt { get; set; } = lastRtpAt;
}
