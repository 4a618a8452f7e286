namespace Siprec.Recording.Srs;

/// <summary>What the RTP-timeout watchdog reads of a call.</summary>
internal interface IRtpTimeoutSubject
{
    /// <summary>The call's id, for the log.</summary>
    string SessionId { get; }

    /// <summary>True while RTP is owed: the call is answered, not ending, and not paused by the SRC.</summary>
    bool ExpectsRtp { get; }

    /// <summary>When the last RTP packet arrived on any stream, or when the call started if none did.</summary>
    DateTimeOffset LastRtpAt { get; }
}
