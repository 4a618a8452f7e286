using Siprec.Server.Configuration;

namespace Siprec.Server.Tests.Transcription;

public sealed class TranscriptionConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-stt-config-tests").FullName;

    public static TheoryData<string, string> BadSettings() => new()
    {
        { "STT_PROVIDER=deepgram", "DEEPGRAM_API_KEY" },
        { "STT_PROVIDER=deepgram;DEEPGRAM_API_KEY=k;DEEPGRAM_URL=not a url", "DEEPGRAM_URL" },
        { "STT_PROVIDER=openai", "OPENAI_API_KEY" },
        { "STT_PROVIDER=openai-compatible", "OPENAI_COMPATIBLE_URL" },
        { "STT_PROVIDER=google", "GOOGLE_API_KEY" },
        { "STT_PROVIDER=whisperx", "STT_PROVIDER" },
        { "STT_PROVIDER=azure", "AZURE_SPEECH_KEY" },
        { "STT_PROVIDER=azure;AZURE_SPEECH_KEY=k", "AZURE_SPEECH_REGION" },
        { "STT_PROVIDER=azure;AZURE_SPEECH_KEY=k;AZURE_SPEECH_ENDPOINT=not a url", "AZURE_SPEECH_ENDPOINT" },
        { "STT_PROVIDER=aws", "AWS_REGION" },
        { "STT_WEBHOOK_URL=ftp://example.com/hook", "STT_WEBHOOK_URL" },
        { "STT_WEBHOOK_MAX_ATTEMPTS=0", "STT_WEBHOOK_MAX_ATTEMPTS" },
        { "STT_WEBHOOK_RETRY_DELAY=soon", "STT_WEBHOOK_RETRY_DELAY" },
        { "STT_QUEUE_CHUNKS=0", "STT_QUEUE_CHUNKS" },
        { "STT_QUEUE_CHUNKS=many", "STT_QUEUE_CHUNKS" },
        { "STT_RECONNECT_DELAY=0s", "STT_RECONNECT_DELAY" },
        { "STT_RECONNECT_MAX_DELAY=100ms", "STT_RECONNECT_MAX_DELAY" },
        { "STT_RECONNECT_DELAY=2m", "STT_RECONNECT_MAX_DELAY" },
        { "SHUTDOWN_WEBHOOK_DRAIN_TIMEOUT=later", "SHUTDOWN_WEBHOOK_DRAIN_TIMEOUT" },
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void BadProviderConfigurationStopsStartUpNamingTheKey(string settings, string key)
    {
        var ex = Assert.Throws<ConfigurationException>(() => Load(settings));
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderSettingsReachTheTranscriptionOptions()
    {
        var options = Load("STT_PROVIDER=deepgram;DEEPGRAM_API_KEY=secret;DEEPGRAM_URL=ws://127.0.0.1:9/v1/listen;STT_LANGUAGE=de-DE;STT_WEBHOOK_URL=http://127.0.0.1:9/hook").Options;

        Assert.True(options.Stt.Enabled);
        var transcription = options.Stt.ToTranscriptionOptions();
        Assert.Equal("deepgram", transcription.Provider);
        Assert.Equal("de-DE", transcription.Language);
        Assert.Equal("secret", transcription.Deepgram.ApiKey);
        Assert.Equal(new Uri("ws://127.0.0.1:9/v1/listen"), transcription.Deepgram.Url);
        Assert.Equal(new Uri("http://127.0.0.1:9/hook"), options.Stt.WebhookUrl);
    }

    [Fact]
    public void AzureAndAwsSettingsAreReadFromTheJsonFile()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """
            {"stt": {"provider": "azure", "azure_speech_key": "az-key", "azure_speech_region": "westeurope",
                     "aws_region": "eu-west-1", "aws_profile": "contact-centre", "aws_transcribe_endpoint": "ws://127.0.0.1:9/stream-transcription-websocket"}}
            """);
        var transcription = Load(string.Empty).Options.Stt.ToTranscriptionOptions();

        Assert.Equal("azure", transcription.Provider);
        Assert.Equal("az-key", transcription.Azure.Key);
        Assert.Equal(new Uri("wss://westeurope.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1"), transcription.Azure.RecognitionUri);
        Assert.Equal("eu-west-1", transcription.Aws.Region);
        Assert.Equal("contact-centre", transcription.Aws.Profile);
        Assert.Equal(new Uri("ws://127.0.0.1:9/stream-transcription-websocket"), transcription.Aws.StreamUri);
        Assert.All(ConfigurationKeys.All.Where(k => k.EnvName is "AZURE_SPEECH_KEY" or "AZURE_SPEECH_TOKEN"), k => Assert.True(k.IsSecret, k.EnvName + " is printed"));
    }

    [Fact]
    public void OutageSettingsReachTheFeedAndTheTranscriptWebhook()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """
            {"stt": {"queue_chunks": 500, "reconnect_delay": "1s", "reconnect_max_delay": "1m", "webhook_max_attempts": 3, "webhook_retry_delay": "250ms", "webhook_queue_results": 50},
             "shutdown": {"webhook_drain_timeout": "2s"}}
            """);
        var options = Load("STT_QUEUE_CHUNKS=400").Options;
        var fromEnvironment = Load("STT_WEBHOOK_QUEUE_RESULTS=70").Options;

        var feed = options.Stt.ToFeedOptions();
        Assert.Equal(400, feed.QueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(1), feed.ReconnectBaseDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), feed.ReconnectMaxDelay);
        var webhook = options.Stt.ToWebhookOptions(options.ShutdownWebhookDrainTimeout);
        Assert.Equal(3, webhook.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), webhook.RetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), webhook.ShutdownDrainTimeout);
        Assert.Equal(50, webhook.QueueCapacity);
        Assert.Equal(70, fromEnvironment.Stt.ToWebhookOptions(fromEnvironment.ShutdownWebhookDrainTimeout).QueueCapacity);
    }

    [Fact]
    public void OutageSettingsDefaultToTheDocumentedValues()
    {
        var options = Load(string.Empty).Options;

        Assert.Equal(200, options.Stt.ToFeedOptions().QueueCapacity);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Stt.ToFeedOptions().ReconnectBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Stt.ToFeedOptions().ReconnectMaxDelay);
        Assert.Equal(5, options.Stt.WebhookMaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Stt.WebhookRetryDelay);
        Assert.Equal(1000, options.Stt.ToWebhookOptions(options.ShutdownWebhookDrainTimeout).QueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownWebhookDrainTimeout);
    }

    [Fact]
    public void NoneIsTheDefaultAndNeedsNothing()
    {
        var options = Load(string.Empty).Options;

        Assert.False(options.Stt.Enabled);
        Assert.Equal("none", options.Stt.ToTranscriptionOptions().Provider);
    }

    private ConfigurationResult Load(string settings)
    {
        var env = settings.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return SiprecConfigurationLoader.Load(env, _dir, Path.Combine(_dir, "no-system-config.json"));
    }
}
