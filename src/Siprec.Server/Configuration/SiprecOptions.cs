namespace Siprec.Server.Configuration;

/// <summary>Every setting of the server, grouped as in the JSON configuration file.</summary>
public sealed class SiprecOptions
{
    /// <summary>SIP listeners.</summary>
    public SipOptions Sip { get; init; } = new();

    /// <summary>HTTP listener.</summary>
    public HttpOptions Http { get; init; } = new();

    /// <summary>Recording storage and limits.</summary>
    public RecordingOptions Recording { get; init; } = new();

    /// <summary>RTP media.</summary>
    public RtpOptions Rtp { get; init; } = new();

    /// <summary>Logging.</summary>
    public LoggingOptions Logging { get; init; } = new();

    /// <summary>Pause/Resume Control API.</summary>
    public PauseResumeOptions PauseResume { get; init; } = new();

    /// <summary>Metrics.</summary>
    public MetricsOptions Metrics { get; init; } = new();

    /// <summary>Speech-to-text.</summary>
    public SttOptions Stt { get; init; } = new();

    /// <summary>Upload of recordings to S3-compatible storage.</summary>
    public S3Options S3 { get; init; } = new();

    /// <summary>Cluster mode on Redis; off while no Redis is set.</summary>
    public ClusterOptions Cluster { get; init; } = new();

    /// <summary>Health check thresholds.</summary>
    public HealthOptions Health { get; init; } = new();

    /// <summary>How long a shutdown waits for live sessions to finish.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a shutdown keeps delivering queued webhook events once calls are finalized.</summary>
    public TimeSpan ShutdownWebhookDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
