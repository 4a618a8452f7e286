namespace Siprec.Server.Auth;

/// <summary>What an API key may do; every endpoint under <c>/api</c> requires exactly one scope.</summary>
public enum ApiScope
{
    /// <summary>Sessions, pause status, the event stream and recordings metadata.</summary>
    Read,

    /// <summary>Pause and resume one session.</summary>
    Pause,

    /// <summary>Pause-all and resume-all across every session.</summary>
    PauseAll,

    /// <summary>Recorded audio and transcripts.</summary>
    Recordings,

    /// <summary>Operating the server: drain, nodes, key rotation.</summary>
    Admin,
}
