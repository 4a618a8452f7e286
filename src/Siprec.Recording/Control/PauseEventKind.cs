namespace Siprec.Recording.Control;

/// <summary>What happened to a session's pause state.</summary>
public enum PauseEventKind
{
    /// <summary>A pause was requested (<c>session.paused</c>).</summary>
    Paused,

    /// <summary>A resume was requested (<c>session.resumed</c>).</summary>
    Resumed,

    /// <summary>The maximum pause duration passed and the session resumed by itself (<c>session.auto_resumed</c>).</summary>
    AutoResumed,

    /// <summary>The maximum pause duration passed and the session stays paused (<c>session.pause_limit_exceeded</c>).</summary>
    PauseLimitExceeded,

    /// <summary>Pauses across all sessions went over the alert threshold within a minute (<c>pause.rate_exceeded</c>).</summary>
    PauseRateExceeded,
}
