using Siprec.Media.Pipeline;

namespace Siprec.Server.Configuration;

/// <summary>Pause/Resume Control API settings.</summary>
public sealed class PauseResumeOptions
{
    /// <summary>The pause/resume endpoints answer; when false they answer 404.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every /api request must carry a valid X-API-Key.</summary>
    public bool RequireAuth { get; set; }

    /// <summary>Accepted API keys (several allow rotation).</summary>
    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    /// <summary>JSON file of scoped keys (<c>API_KEYS_FILE</c>); none when null.</summary>
    public string? ApiKeysFile { get; set; }

    /// <summary>Failed authentications from one address within a minute before it is answered 429 for a minute; 0 turns this off.</summary>
    public int AuthFailureLimit { get; set; } = 10;

    /// <summary>Admitted requests per second per key; 0 turns the limit off.</summary>
    public int RateLimit { get; set; } = 100;

    /// <summary>Pauses per minute across all sessions above which a <c>pause.rate_exceeded</c> alert is raised; 0 turns it off.</summary>
    public int PauseAlertThreshold { get; set; }

    /// <summary>Per-session endpoints answer; when false they answer 403 and only the global ones work.</summary>
    public bool PerSession { get; set; } = true;

    /// <summary>Default of <c>pause_recording</c> in a pause request.</summary>
    public bool PauseRecording { get; set; } = true;

    /// <summary>Default of <c>pause_transcription</c> in a pause request.</summary>
    public bool PauseTranscription { get; set; } = true;

    /// <summary>Longest an API pause may hold; zero means no limit.</summary>
    public TimeSpan MaxPauseDuration { get; set; }

    /// <summary>Resume automatically at the limit (else warn once and stay paused).</summary>
    public bool AutoResume { get; set; }

    /// <summary>Send webhook notifications.</summary>
    public bool Notifications { get; set; }

    /// <summary>Webhook receivers.</summary>
    public IReadOnlyList<Uri> WebhookUrls { get; set; } = [];

    /// <summary>Secret of the HMAC-SHA256 webhook signature; unsigned when empty.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Wait before a webhook's second attempt; doubled before each further one.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per event and receiver, the first included, before the delivery is given up.</summary>
    public int WebhookMaxAttempts { get; set; } = 5;

    /// <summary>How a paused interval appears in the recording by default.</summary>
    public PausedAudioBehavior Behavior { get; set; } = PausedAudioBehavior.Skip;

    /// <summary>How an SRC pause appears in the recording; null to follow the call's pause behavior.</summary>
    public PausedAudioBehavior? SourceBehavior { get; set; }

    /// <summary>The first DTMF digit of a call starts a policy pause.</summary>
    public bool PauseOnDtmf { get; set; }

    /// <summary>The DTMF policy pause holds transcription too.</summary>
    public bool PauseOnDtmfTranscription { get; set; } = true;

    /// <summary>How long after the last digit the DTMF policy pause ends.</summary>
    public TimeSpan PauseOnDtmfResumeAfter { get; set; } = TimeSpan.FromSeconds(3);
}
