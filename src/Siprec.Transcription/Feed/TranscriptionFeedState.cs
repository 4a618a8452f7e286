namespace Siprec.Transcription.Feed;

/// <summary>Where a transcription feed stands.</summary>
public enum TranscriptionFeedState
{
    /// <summary>Opening the first provider stream.</summary>
    Connecting,

    /// <summary>Audio flows to the provider.</summary>
    Streaming,

    /// <summary>Transcription is paused: audio queued before the pause has been sent and the connection is kept alive.</summary>
    Paused,

    /// <summary>The provider failed; a reconnect is pending.</summary>
    Reconnecting,

    /// <summary>Too many failures: the circuit breaker refuses connections for a while.</summary>
    CircuitOpen,

    /// <summary>The feed has ended.</summary>
    Completed,
}
