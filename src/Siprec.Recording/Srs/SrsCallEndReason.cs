namespace Siprec.Recording.Srs;

/// <summary>Why a recording session ended; written in the sidecar.</summary>
public enum SrsCallEndReason
{
    /// <summary>The SRC sent BYE.</summary>
    Bye,

    /// <summary>No RTP arrived for the configured timeout; we sent BYE.</summary>
    RtpTimeout,

    /// <summary>The server shut down.</summary>
    Shutdown,

    /// <summary>The dialog failed (no ACK, transport error).</summary>
    DialogFailed,
}
