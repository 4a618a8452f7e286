using Siprec.Transcription.Configuration;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Output;

namespace Siprec.Server.Configuration;

/// <summary>Speech-to-text provider settings.</summary>
public sealed class SttOptions
{
    /// <summary>Provider name, or <c>none</c>.</summary>
    public string Provider { get; set; } = "none";

    /// <summary>Recognition language, such as <c>en-US</c>.</summary>
    public string? Language { get; set; }

    /// <summary>Deepgram API key.</summary>
    public string? DeepgramApiKey { get; set; }

    /// <summary>Deepgram streaming endpoint override.</summary>
    public string? DeepgramUrl { get; set; }

    /// <summary>OpenAI API key.</summary>
    public string? OpenAiApiKey { get; set; }

    /// <summary>OpenAI endpoint override.</summary>
    public string? OpenAiUrl { get; set; }

    /// <summary>Google Speech-to-Text endpoint override.</summary>
    public string? GoogleEndpoint { get; set; }

    /// <summary>OpenAI transcription model.</summary>
    public string? OpenAiModel { get; set; } = "gpt-4o-transcribe";

    /// <summary>Base URL of a self-hosted OpenAI-compatible transcription server.</summary>
    public string? OpenAiCompatibleUrl { get; set; }

    /// <summary>Model name sent to the OpenAI-compatible server.</summary>
    public string? OpenAiCompatibleModel { get; set; } = "whisper-1";

    /// <summary>API key of the OpenAI-compatible server, if it wants one.</summary>
    public string? OpenAiCompatibleApiKey { get; set; }

    /// <summary>Google API key.</summary>
    public string? GoogleApiKey { get; set; }

    /// <summary>Google OAuth access token.</summary>
    public string? GoogleAccessToken { get; set; }

    /// <summary>Azure AI Speech resource key.</summary>
    public string? AzureSpeechKey { get; set; }

    /// <summary>Azure AI Speech authorization token.</summary>
    public string? AzureSpeechToken { get; set; }

    /// <summary>Azure AI Speech region.</summary>
    public string? AzureSpeechRegion { get; set; }

    /// <summary>Azure AI Speech endpoint override.</summary>
    public string? AzureSpeechEndpoint { get; set; }

    /// <summary>AWS region of Amazon Transcribe.</summary>
    public string? AwsRegion { get; set; }

    /// <summary>Shared-credentials profile for Amazon Transcribe.</summary>
    public string? AwsProfile { get; set; }

    /// <summary>Amazon Transcribe streaming endpoint override.</summary>
    public string? AwsTranscribeEndpoint { get; set; }

    /// <summary>PocketSphinx acoustic and language model directory.</summary>
    public string? PocketSphinxModelDir { get; set; } = PocketSphinxSettings.DefaultModelDirectory;

    /// <summary>URL that receives each final result as JSON.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Attempts per final result at <see cref="WebhookUrl"/> before it is given up.</summary>
    public int WebhookMaxAttempts { get; set; } = TranscriptWebhookOptions.Default.MaxAttempts;

    /// <summary>Wait before a transcript webhook delivery's second attempt, doubled before each further one.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TranscriptWebhookOptions.Default.RetryDelay;

    /// <summary>Final results queued for <see cref="WebhookUrl"/> before the oldest is dropped.</summary>
    public int WebhookQueueResults { get; set; } = TranscriptWebhookOptions.Default.QueueCapacity;

    /// <summary>Audio chunks queued per stream for the provider before the oldest is dropped.</summary>
    public int QueueChunks { get; set; } = TranscriptionFeedOptions.Default.QueueCapacity;

    /// <summary>First reconnect delay of a provider stream, doubled per consecutive failure.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TranscriptionFeedOptions.Default.ReconnectBaseDelay;

    /// <summary>Cap of the reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TranscriptionFeedOptions.Default.ReconnectMaxDelay;

    /// <summary>The feed's tuning for these settings; the rest keeps its defaults.</summary>
    public TranscriptionFeedOptions ToFeedOptions() => TranscriptionFeedOptions.Default with
    {
        QueueCapacity = QueueChunks,
        ReconnectBaseDelay = ReconnectDelay,
        ReconnectMaxDelay = ReconnectMaxDelay,
    };

    /// <summary>The transcript webhook's delivery for these settings, draining for <paramref name="shutdownDrain"/> at disposal.</summary>
    public TranscriptWebhookOptions ToWebhookOptions(TimeSpan shutdownDrain) => TranscriptWebhookOptions.Default with
    {
        MaxAttempts = WebhookMaxAttempts,
        RetryDelay = WebhookRetryDelay,
        QueueCapacity = WebhookQueueResults,
        ShutdownDrainTimeout = shutdownDrain,
    };

    /// <summary>True when a provider is configured.</summary>
    public bool Enabled => !string.Equals(Provider.Trim(), "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>The transcription library's options for these settings; throws <see cref="TranscriptionConfigurationException"/> naming a malformed key.</summary>
    public TranscriptionOptions ToTranscriptionOptions() => TranscriptionOptions.FromVariables(name => name switch
    {
        "STT_PROVIDER" => Provider,
        "STT_LANGUAGE" => Language,
        "DEEPGRAM_API_KEY" => DeepgramApiKey,
        "DEEPGRAM_URL" => DeepgramUrl,
        "OPENAI_API_KEY" => OpenAiApiKey,
        "OPENAI_URL" => OpenAiUrl,
        "OPENAI_MODEL" => OpenAiModel,
        "OPENAI_COMPATIBLE_URL" => OpenAiCompatibleUrl,
        "OPENAI_COMPATIBLE_MODEL" => OpenAiCompatibleModel,
        "OPENAI_COMPATIBLE_API_KEY" => OpenAiCompatibleApiKey,
        "GOOGLE_STT_ENDPOINT" => GoogleEndpoint,
        "GOOGLE_API_KEY" => GoogleApiKey,
        "GOOGLE_ACCESS_TOKEN" => GoogleAccessToken,
        "AZURE_SPEECH_KEY" => AzureSpeechKey,
        "AZURE_SPEECH_TOKEN" => AzureSpeechToken,
        "AZURE_SPEECH_REGION" => AzureSpeechRegion,
        "AZURE_SPEECH_ENDPOINT" => AzureSpeechEndpoint,
        "AWS_REGION" => AwsRegion,
        "AWS_PROFILE" => AwsProfile,
        "AWS_TRANSCRIBE_ENDPOINT" => AwsTranscribeEndpoint,
        "POCKETSPHINX_MODEL_DIR" => PocketSphinxModelDir,
        _ => null,
    });
}
