using System.Globalization;
using Microsoft.Extensions.Logging;
using Siprec.Media.Engine;
using Siprec.Media.Pipeline;
using Siprec.Recording.Signalling;

namespace Siprec.Server.Configuration;

/// <summary>The table of every supported setting; loading, validation and documentation follow it.</summary>
public static class ConfigurationKeys
{
    /// <summary>All settings, in documentation order.</summary>
    public static IReadOnlyList<ConfigurationKey> All { get; } =
    [
        new("SIP_HOST", "sip.host", "0.0.0.0", "Address the SIP listeners bind to.", (o, v) => o.Sip.Host = Text(v)),
        new("SIP_PORT", "sip.port", "5060", "SIP UDP/TCP port.", (o, v) => o.Sip.Port = Port(v)),
        new("SIP_TLS_PORT", "sip.tls_port", "5061", "SIP TLS port.", (o, v) => o.Sip.TlsPort = Port(v)),
        new("SIP_TLS_CERT", "sip.tls_cert", "", "PEM certificate file for SIP over TLS; TLS is off when empty.", (o, v) => o.Sip.TlsCert = Optional(v)),
        new("SIP_TLS_KEY", "sip.tls_key", "", "PEM private key file for SIP over TLS.", (o, v) => o.Sip.TlsKey = Optional(v)),
        new("SIPREC_STRICT", "sip.strict", "false", "Reject INVITEs that are not well-formed SIPREC instead of tolerating vendor quirks.", (o, v) => o.Sip.Strict = Bool(v)),
        new("SIP_WORKERS", "sip.workers", "0", "SIP requests handled at the same time; 0 means two per core, at least four.", (o, v) => o.Sip.Workers = NonNegative(v)),
        new("SIP_MAX_QUEUED_REQUESTS", "sip.max_queued_requests", "200", "New INVITEs and OPTIONS that may wait for a worker; beyond it they are answered 503 at once (INVITE with Retry-After).", (o, v) => o.Sip.MaxQueuedRequests = Positive(v)),
        new("SIP_MAX_QUEUE_DELAY", "sip.max_queue_delay", "2s", "Once the oldest waiting new request has waited this long, new INVITEs and OPTIONS are answered 503 at once.", (o, v) => o.Sip.MaxQueueDelay = Duration(v)),
        new("HTTP_HOST", "http.host", "0.0.0.0", "Address the HTTP listener (API, metrics, health) binds to.", (o, v) => o.Http.Host = Text(v)),
        new("HTTP_PORT", "http.port", "8080", "HTTP port.", (o, v) => o.Http.Port = Port(v)),
        new("HTTP_TLS_CERT", "http.tls_cert", "", "PEM certificate file of the HTTPS listener (API, console, metrics, health over TLS 1.2+); HTTPS is off when empty. Reloaded when the file changes.", (o, v) => o.Http.TlsCert = Optional(v)),
        new("HTTP_TLS_KEY", "http.tls_key", "", "PEM private key file of the HTTPS listener.", (o, v) => o.Http.TlsKey = Optional(v)),
        new("HTTPS_PORT", "http.https_port", "8443", "HTTPS port, used when HTTP_TLS_CERT is set.", (o, v) => o.Http.HttpsPort = Port(v)),
        new("HTTP_PLAINTEXT", "http.plaintext", "true", "Serve plain HTTP on HTTP_PORT; false leaves only HTTPS (needs HTTP_TLS_CERT).", (o, v) => o.Http.Plaintext = Bool(v)),
        new("RECORDING_DIR", "recording.dir", "./recordings", "Directory for recordings, sidecars, the index and the audit trail; a relative path is taken from the working directory.", (o, v) => o.Recording.Directory = Text(v)),
        new("RECORDING_SAMPLE_RATE", "recording.sample_rate", "8000", "Sample rate of recorded WAV files (8000, 16000, 48000).", (o, v) => o.Recording.SampleRate = SampleRate(v)),
        new("RECORDING_PER_STREAM_FILES", "recording.per_stream_files", "false", "Also write one WAV file per stream.", (o, v) => o.Recording.PerStreamFiles = Bool(v)),
        new("MAX_SESSIONS", "recording.max_sessions", "1000", "Most concurrent sessions accepted.", (o, v) => o.Recording.MaxSessions = Positive(v)),
        new("DTMF_STORE_DIGITS", "recording.dtmf_store_digits", "false", "Keep the values of keyed DTMF digits in the sidecar; when false (and always while PAUSE_ON_DTMF is on) each digit is written as *. Unsafe on payment lines.", (o, v) => o.Recording.StoreDtmfDigits = Bool(v)),
        new("VCON_EXPORT", "recording.vcon_export", "false", "Write a vCon (<recording>.vcon.json: parties, the WAV with its SHA-512 hash, transcript, pause intervals) beside each finished recording.", (o, v) => o.Recording.VconExport = Bool(v)),
        new("RECORDING_INDEX_PATH", "recording.index_path", "", "SQLite recordings index file; RECORDING_DIR/index.db when empty.", (o, v) => o.Recording.IndexPath = Optional(v)),
        new("RECORDING_RETENTION", "recording.retention", "", "Delete recordings (audio, sidecar, transcript, index row) this long after they end, such as 90d or 720h; kept forever when empty. Held recordings are never deleted.", (o, v) => o.Recording.Retention = Retention(v)),
        new("RECORDING_RETENTION_SWEEP", "recording.retention_sweep", "1h", "Interval between retention sweeps.", (o, v) => o.Recording.RetentionSweep = PositiveDuration(v)),
        new("RECORDING_ENCRYPTION_KEY_FILE", "recording.encryption_key_file", "", "File holding the 256-bit master key (32 raw bytes or their base64) that encrypts recordings at rest; written in clear when empty. Never the key itself.", (o, v) => o.Recording.EncryptionKeyFile = Optional(v)),
        new("RECORDING_ENCRYPTION_KEYRING_DIR", "recording.encryption_keyring_dir", "", "Folder of older master keys (*.key files, same format) that still open files wrapped under them; used after a key rotation.", (o, v) => o.Recording.EncryptionKeyringDirectory = Optional(v)),
        new("RECORDING_INDEX_URL", "recording.index_url", "", "PostgreSQL database of a cluster's shared recordings index (postgres://user:pass@host:port/db, postgresql:// or an Npgsql connection string); the SQLite file of RECORDING_INDEX_PATH when empty.", (o, v) => o.Recording.IndexUrl = Optional(v)),
        new("RTP_PORT_MIN", "rtp.port_min", "10000", "Lowest UDP port for media.", (o, v) => o.Rtp.PortMin = Port(v)),
        new("RTP_PORT_MAX", "rtp.port_max", "20000", "Highest UDP port for media.", (o, v) => o.Rtp.PortMax = Port(v)),
        new("RTP_TIMEOUT", "rtp.timeout", "30s", "A session with no RTP on any stream for this long is ended.", (o, v) => o.Rtp.Timeout = Duration(v)),
        new("SRTP_POLICY", "rtp.srtp_policy", "allow", "SRTP policy: allow, require or off.", (o, v) => o.Rtp.SrtpPolicy = Srtp(v)),
        new("RTP_RECEIVE_MODE", "rtp.receive_mode", "auto", "How RTP is read: auto (epoll + recvmmsg threads on Linux, portable elsewhere), epoll or portable.", (o, v) => o.Rtp.ReceiveMode = ReceiveMode(v)),
        new("RTP_RECEIVE_THREADS", "rtp.receive_threads", "0", "Receive threads of the epoll path; 0 means one per two cores.", (o, v) => o.Rtp.ReceiveThreads = NonNegative(v)),
        new("LOG_LEVEL", "logging.level", "info", "Lowest log level: trace, debug, info, warn, error.", (o, v) => o.Logging.Level = Level(v)),
        new("LOG_FORMAT", "logging.format", "json", "Console log format: json or text.", (o, v) => o.Logging.Format = Format(v)),
        new("PAUSE_RESUME_ENABLED", "pause_resume.enabled", "true", "Enable the pause/resume endpoints (404 when disabled).", (o, v) => o.PauseResume.Enabled = Bool(v)),
        new("PAUSE_RESUME_REQUIRE_AUTH", "pause_resume.require_auth", "false", "Require a valid X-API-Key on every /api request.", (o, v) => o.PauseResume.RequireAuth = Bool(v)),
        new("PAUSE_RESUME_API_KEY", "pause_resume.api_key", "", "Accepted API key(s), comma-separated for rotation.", (o, v) => o.PauseResume.ApiKeys = List(v)),
        new("API_KEYS_FILE", "pause_resume.api_keys_file", "", "JSON file of scoped API keys: a list of {id, key_sha256 or key, scopes}; see docs/security.md.", (o, v) => o.PauseResume.ApiKeysFile = Optional(v)),
        new("AUTH_FAILURE_LIMIT", "pause_resume.auth_failure_limit", "10", "Failed authentications from one address within a minute after which it gets 429 on every /api request for a minute (0 = off).", (o, v) => o.PauseResume.AuthFailureLimit = NonNegative(v)),
        new("API_RATE_LIMIT", "pause_resume.rate_limit", "100", "Requests per second each API key may make before 429 (0 = off).", (o, v) => o.PauseResume.RateLimit = NonNegative(v)),
        new("PAUSE_ALERT_THRESHOLD", "pause_resume.pause_alert_threshold", "0", "Pauses per minute (all sessions) above which a pause.rate_exceeded event, metric and warning are raised (0 = off).", (o, v) => o.PauseResume.PauseAlertThreshold = NonNegative(v)),
        new("PAUSE_RESUME_PER_SESSION", "pause_resume.per_session", "true", "Enable per-session endpoints (403 when disabled; global ones keep working).", (o, v) => o.PauseResume.PerSession = Bool(v)),
        new("PAUSE_RECORDING", "pause_resume.pause_recording", "true", "Default of pause_recording in a pause request.", (o, v) => o.PauseResume.PauseRecording = Bool(v)),
        new("PAUSE_TRANSCRIPTION", "pause_resume.pause_transcription", "true", "Default of pause_transcription in a pause request.", (o, v) => o.PauseResume.PauseTranscription = Bool(v)),
        new("MAX_PAUSE_DURATION", "pause_resume.max_pause_duration", "0", "Longest an API pause may hold (Go duration, 0 = no limit).", (o, v) => o.PauseResume.MaxPauseDuration = Duration(v)),
        new("PAUSE_AUTO_RESUME", "pause_resume.auto_resume", "false", "At the limit, resume automatically; when false, warn once and stay paused.", (o, v) => o.PauseResume.AutoResume = Bool(v)),
        new("PAUSE_RESUME_NOTIFICATIONS", "pause_resume.send_notifications", "false", "Send pause events to the webhook URLs.", (o, v) => o.PauseResume.Notifications = Bool(v)),
        new("PAUSE_RESUME_WEBHOOK_URLS", "pause_resume.webhook_urls", "", "Webhook receivers (http or https), comma-separated.", (o, v) => o.PauseResume.WebhookUrls = Urls(v)),
        new("PAUSE_RESUME_WEBHOOK_SECRET", "pause_resume.webhook_secret", "", "Secret of the X-Siprec-Signature HMAC-SHA256 header.", (o, v) => o.PauseResume.WebhookSecret = Optional(v)),
        new("PAUSE_RESUME_WEBHOOK_RETRY_DELAY", "pause_resume.webhook_retry_delay", "1s", "Wait before a webhook delivery's second attempt; doubled before each further one (5 attempts in all).", (o, v) => o.PauseResume.WebhookRetryDelay = PositiveDuration(v)),
        new("PAUSE_BEHAVIOR", "pause_resume.pause_behavior", "skip", "How a recording pause appears in the file: skip or silence.", (o, v) => o.PauseResume.Behavior = Behavior(v)),
        new("SRC_PAUSE_BEHAVIOR", "pause_resume.src_pause_behavior", "", "How an SRC pause (a=inactive) appears in the file: skip or silence; empty follows the call (PAUSE_BEHAVIOR or the pause request's pause_behavior).", (o, v) => o.PauseResume.SourceBehavior = Optional(v) is { } text ? Behavior(text) : null),
        new("PAUSE_ON_DTMF", "pause_resume.pause_on_dtmf", "false", "The first DTMF digit (RFC 4733 or in-band tone) on any stream starts a policy pause from where the digit starts; digit values are then never stored.", (o, v) => o.PauseResume.PauseOnDtmf = Bool(v)),
        new("PAUSE_ON_DTMF_TRANSCRIPTION", "pause_resume.pause_on_dtmf_transcription", "true", "The DTMF policy pause holds transcription too.", (o, v) => o.PauseResume.PauseOnDtmfTranscription = Bool(v)),
        new("PAUSE_ON_DTMF_RESUME_AFTER", "pause_resume.pause_on_dtmf_resume_after", "3s", "The DTMF policy pause ends this long after the last digit (Go duration).", (o, v) => o.PauseResume.PauseOnDtmfResumeAfter = Duration(v)),
        new("METRICS_SESSION_LABELS", "metrics.session_labels", "false", "Add a session_id label to pause metrics (high cardinality).", (o, v) => o.Metrics.SessionLabels = Bool(v)),
        new("STT_PROVIDER", "stt.provider", "none", "Speech-to-text provider: none, deepgram, openai, openai-compatible, google, azure, aws or pocketsphinx.", (o, v) => o.Stt.Provider = Text(v)),
        new("STT_LANGUAGE", "stt.language", "", "Recognition language, such as en-US.", (o, v) => o.Stt.Language = Optional(v)),
        new("DEEPGRAM_API_KEY", "stt.deepgram_api_key", "", "Deepgram API key.", (o, v) => o.Stt.DeepgramApiKey = Optional(v)),
        new("DEEPGRAM_URL", "stt.deepgram_url", "", "Deepgram listen endpoint override, such as ws://127.0.0.1:9000/v1/listen for a self-hosted or test server.", (o, v) => o.Stt.DeepgramUrl = Optional(v)),
        new("OPENAI_API_KEY", "stt.openai_api_key", "", "OpenAI API key.", (o, v) => o.Stt.OpenAiApiKey = Optional(v)),
        new("OPENAI_URL", "stt.openai_url", "", "OpenAI endpoint override.", (o, v) => o.Stt.OpenAiUrl = Optional(v)),
        new("GOOGLE_STT_ENDPOINT", "stt.google_endpoint", "", "Google Speech-to-Text endpoint override.", (o, v) => o.Stt.GoogleEndpoint = Optional(v)),
        new("S3_BUCKET", "s3.bucket", "", "Bucket that receives finalized recordings; upload is off when empty.", (o, v) => o.S3.Bucket = Optional(v)),
        new("S3_ENDPOINT", "s3.endpoint", "", "Endpoint of an S3-compatible service (MinIO and the like); AWS when empty.", (o, v) => o.S3.Endpoint = OptionalUrl(v)),
        new("S3_REGION", "s3.region", "", "Signing region; us-east-1 when empty.", (o, v) => o.S3.Region = Optional(v)),
        new("S3_ACCESS_KEY", "s3.access_key", "", "Access key id; the SDK's default credential chain when empty.", (o, v) => o.S3.AccessKey = Optional(v)),
        new("S3_SECRET_KEY", "s3.secret_key", "", "Secret access key.", (o, v) => o.S3.SecretKey = Optional(v)),
        new("S3_PREFIX", "s3.prefix", "", "Key prefix; the recording's YYYY/MM/DD path and file name follow it.", (o, v) => o.S3.Prefix = Optional(v)),
        new("S3_DELETE_LOCAL_AFTER_UPLOAD", "s3.delete_local_after_upload", "false", "Delete the local audio and transcript once the upload is confirmed (the sidecar stays).", (o, v) => o.S3.DeleteLocalAfterUpload = Bool(v)),
        new("S3_UPLOAD_MAX_ATTEMPTS", "s3.upload_max_attempts", "6", "Upload attempts per recording before it is left on disk for the next requeue.", (o, v) => o.S3.MaxAttempts = Positive(v)),
        new("S3_UPLOAD_RETRY_DELAY", "s3.upload_retry_delay", "2s", "Wait after a recording's first failed upload attempt; doubled after each further one, up to 2 minutes.", (o, v) => o.S3.RetryDelay = PositiveDuration(v)),
        new("S3_UPLOAD_REQUEUE_INTERVAL", "s3.upload_requeue_interval", "5m", "How often recordings the index lists as not yet uploaded (given up, or not queued because the queue was full) are queued again.", (o, v) => o.S3.RequeueInterval = PositiveDuration(v)),
        new("CLUSTER_REDIS_URL", "cluster.redis_url", "", "Redis of the cluster (redis://[user:pass@]host:port[/db], rediss:// or 127.0.0.1:6379,password=...); a single node when empty.", (o, v) => o.Cluster.RedisUrl = Optional(v)),
        new("CLUSTER_NODE_ID", "cluster.node_id", "", "This node's id in the cluster; the host name when empty.", (o, v) => o.Cluster.NodeId = Optional(v)),
        new("CLUSTER_NAME", "cluster.name", "siprec", "The cluster's name, prefixed to its Redis keys so clusters can share one Redis.", (o, v) => o.Cluster.Name = Text(v)),
        new("CLUSTER_ADVERTISED_URL", "cluster.advertised_url", "", "HTTP address of this node as listings show it, such as http://10.0.0.5:8080.", (o, v) => o.Cluster.AdvertisedUrl = Optional(v)),
        new("CLUSTER_LEASE_TIME", "cluster.lease_time", "10s", "Life of the node's lease in Redis (renewed every third of it); a dead node's sessions leave listings after it.", (o, v) => o.Cluster.LeaseTime = Duration(v)),
        new("CLUSTER_COMMAND_TIMEOUT", "cluster.command_timeout", "2s", "How long a command for another node's session waits for that node's answer.", (o, v) => o.Cluster.CommandTimeout = Duration(v)),
        new("HEALTH_MIN_FREE_DISK", "health.min_free_disk", "1GiB", "The disk health check fails below this much free space in RECORDING_DIR (size such as 1GiB or 500MB, or a percentage such as 1%).", (o, v) => o.Health.MinFreeDisk = Disk(v)),
        new("OPENAI_MODEL", "stt.openai_model", "gpt-4o-transcribe", "OpenAI Realtime transcription model.", (o, v) => o.Stt.OpenAiModel = Optional(v)),
        new("OPENAI_COMPATIBLE_URL", "stt.openai_compatible_url", "", "Transcription endpoint of a self-hosted OpenAI-compatible server, such as http://127.0.0.1:8000/v1/audio/transcriptions.", (o, v) => o.Stt.OpenAiCompatibleUrl = Optional(v)),
        new("OPENAI_COMPATIBLE_MODEL", "stt.openai_compatible_model", "whisper-1", "Model name sent to the OpenAI-compatible server.", (o, v) => o.Stt.OpenAiCompatibleModel = Optional(v)),
        new("OPENAI_COMPATIBLE_API_KEY", "stt.openai_compatible_api_key", "", "Bearer key of the OpenAI-compatible server, if it wants one.", (o, v) => o.Stt.OpenAiCompatibleApiKey = Optional(v)),
        new("GOOGLE_API_KEY", "stt.google_api_key", "", "Google API key (or use GOOGLE_ACCESS_TOKEN).", (o, v) => o.Stt.GoogleApiKey = Optional(v)),
        new("GOOGLE_ACCESS_TOKEN", "stt.google_access_token", "", "Google OAuth access token (or use GOOGLE_API_KEY).", (o, v) => o.Stt.GoogleAccessToken = Optional(v)),
        new("POCKETSPHINX_MODEL_DIR", "stt.pocketsphinx_model_dir", "/usr/share/pocketsphinx/model/en-us", "PocketSphinx model directory (experimental provider).", (o, v) => o.Stt.PocketSphinxModelDir = Optional(v)),
        new("AZURE_SPEECH_KEY", "stt.azure_speech_key", "", "Azure AI Speech resource key (or use AZURE_SPEECH_TOKEN).", (o, v) => o.Stt.AzureSpeechKey = Optional(v)),
        new("AZURE_SPEECH_TOKEN", "stt.azure_speech_token", "", "Azure AI Speech authorization token, sent as a bearer token when no key is set.", (o, v) => o.Stt.AzureSpeechToken = Optional(v)),
        new("AZURE_SPEECH_REGION", "stt.azure_speech_region", "", "Azure AI Speech region, such as westeurope (or use AZURE_SPEECH_ENDPOINT).", (o, v) => o.Stt.AzureSpeechRegion = Optional(v)),
        new("AZURE_SPEECH_ENDPOINT", "stt.azure_speech_endpoint", "", "Azure AI Speech recognition WebSocket endpoint, used instead of the region's (private endpoint, container or test server).", (o, v) => o.Stt.AzureSpeechEndpoint = Optional(v)),
        new("AWS_REGION", "stt.aws_region", "", "AWS region of Amazon Transcribe streaming, such as us-east-1; credentials come from the AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, else the shared credentials file).", (o, v) => o.Stt.AwsRegion = Optional(v)),
        new("AWS_PROFILE", "stt.aws_profile", "", "Profile of the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials) used for Amazon Transcribe; default when empty.", (o, v) => o.Stt.AwsProfile = Optional(v)),
        new("AWS_TRANSCRIBE_ENDPOINT", "stt.aws_transcribe_endpoint", "", "Amazon Transcribe streaming WebSocket endpoint, used instead of the region's (VPC endpoint or test server).", (o, v) => o.Stt.AwsTranscribeEndpoint = Optional(v)),
        new("STT_WEBHOOK_URL", "stt.webhook_url", "", "Optional http or https URL that receives each final transcript result as JSON.", (o, v) => o.Stt.WebhookUrl = Optional(v) is null ? null : Urls(v)[0]),
        new("STT_WEBHOOK_MAX_ATTEMPTS", "stt.webhook_max_attempts", "5", "Attempts per final result at STT_WEBHOOK_URL (a 5xx, 429, network error or timeout is retried; any other answer is final) before it is given up.", (o, v) => o.Stt.WebhookMaxAttempts = Positive(v)),
        new("STT_WEBHOOK_RETRY_DELAY", "stt.webhook_retry_delay", "1s", "Wait before a transcript webhook delivery's second attempt; doubled before each further one, up to 30 s.", (o, v) => o.Stt.WebhookRetryDelay = PositiveDuration(v)),
        new("STT_QUEUE_CHUNKS", "stt.queue_chunks", "200", "Audio chunks (20 ms each as RTP brings them) queued per stream for a slow or unreachable speech provider before the oldest is dropped.", (o, v) => o.Stt.QueueChunks = Positive(v)),
        new("STT_RECONNECT_DELAY", "stt.reconnect_delay", "500ms", "Wait before a speech provider stream's first reconnect; doubled after each further failure, up to STT_RECONNECT_MAX_DELAY.", (o, v) => o.Stt.ReconnectDelay = PositiveDuration(v)),
        new("STT_RECONNECT_MAX_DELAY", "stt.reconnect_max_delay", "30s", "Longest wait between two reconnects of a speech provider stream; not less than STT_RECONNECT_DELAY.", (o, v) => o.Stt.ReconnectMaxDelay = PositiveDuration(v)),
        new("SHUTDOWN_DRAIN_TIMEOUT", "shutdown.drain_timeout", "30s", "How long a shutdown waits for live sessions to finish.", (o, v) => o.ShutdownDrainTimeout = Duration(v)),
        new("SHUTDOWN_WEBHOOK_DRAIN_TIMEOUT", "shutdown.webhook_drain_timeout", "5s", "How long a shutdown, once calls are finalized, keeps delivering queued webhook events (pause events and transcript results) before it counts and logs the rest as unsent.", (o, v) => o.ShutdownWebhookDrainTimeout = Duration(v)),
    ];

    private static string Text(string v) =>
        string.IsNullOrWhiteSpace(v) ? throw new FormatException("must not be empty") : v.Trim();

    private static string? Optional(string v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private static bool Bool(string v) => v.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new FormatException($"'{v}' is not a boolean (true or false)"),
    };

    private static int Int(string v) =>
        int.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"'{v}' is not an integer");

    private static int Port(string v) => Int(v) is var n and >= 0 and <= 65535 ? n : throw new FormatException($"'{v}' is not a port (0-65535)");

    private static int Positive(string v) => Int(v) is var n and > 0 ? n : throw new FormatException($"'{v}' must be a positive integer");

    private static int SampleRate(string v) =>
        Int(v) is var n && n is 8000 or 16000 or 48000 ? n : throw new FormatException($"'{v}' is not a supported sample rate (8000, 16000, 48000)");

    private static TimeSpan Duration(string v) =>
        GoDuration.TryParse(v, out var d) ? d : throw new FormatException($"'{v}' is not a duration (for example 90s, 30m, 1h, 1h0m5s, 500ms)");

    private static TimeSpan PositiveDuration(string v) =>
        Duration(v) is var d && d > TimeSpan.Zero ? d : throw new FormatException($"'{v}' must be longer than 0");

    private static TimeSpan? Retention(string v)
    {
        var text = v.Trim();
        if (text.Length == 0)
            return null;
        if (text.EndsWith('d') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0)
            return TimeSpan.FromDays(days);
        return GoDuration.TryParse(text, out var d) && d > TimeSpan.Zero
            ? d
            : throw new FormatException($"'{v}' is not a retention period (a whole number of days such as 90d, or a duration such as 720h)");
    }

    private static DiskSpaceThreshold Disk(string v) =>
        DiskSpaceThreshold.TryParse(v, out var t) ? t : throw new FormatException($"'{v}' is not a size (1GiB, 500MB, 1073741824) or a percentage (1%)");

    private static IReadOnlyList<string> List(string v) =>
        [.. v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static IReadOnlyList<Uri> Urls(string v) =>
        [.. List(v).Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException($"'{u}' is not an absolute http or https URL"))];

    private static Uri? OptionalUrl(string v) =>
        string.IsNullOrWhiteSpace(v) ? null
        : Uri.TryCreate(v.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri
        : throw new FormatException($"'{v}' is not an absolute http or https URL");

    private static int NonNegative(string v) => Int(v) is var n and >= 0 ? n : throw new FormatException($"'{v}' must be 0 or a positive integer");

    private static RtpReceiveMode ReceiveMode(string v) => v.Trim().ToLowerInvariant() switch
    {
        "auto" => RtpReceiveMode.Auto,
        "epoll" => RtpReceiveMode.Epoll,
        "portable" => RtpReceiveMode.Portable,
        _ => throw new FormatException($"'{v}' is not one of auto, epoll, portable"),
    };

    private static SrtpPolicy Srtp(string v) => v.Trim().ToLowerInvariant() switch
    {
        "allow" => SrtpPolicy.Allow,
        "require" => SrtpPolicy.Require,
        "off" => SrtpPolicy.Off,
        _ => throw new FormatException($"'{v}' is not one of allow, require, off"),
    };

    private static LogLevel Level(string v) => v.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new FormatException($"'{v}' is not one of trace, debug, info, warn, error"),
    };

    private static LogFormat Format(string v) => v.Trim().ToLowerInvariant() switch
    {
        "json" => LogFormat.Json,
        "text" => LogFormat.Text,
        _ => throw new FormatException($"'{v}' is not one of json, text"),
    };

    private static PausedAudioBehavior Behavior(string v) =>
        PauseBehaviorText.TryParse(v, out var b) ? b : throw new FormatException($"'{v}' is not one of skip, silence");
}
