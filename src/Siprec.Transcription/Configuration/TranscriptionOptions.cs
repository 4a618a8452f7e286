namespace Siprec.Transcription.Configuration;

/// <summary>Which speech provider to use and each provider's settings.</summary>
/// <param name="Provider">Provider name (<c>STT_PROVIDER</c>): none, deepgram, openai, openai-compatible, google, azure, aws, pocketsphinx.</param>
/// <param name="Language">BCP-47 language, or null for each provider's default.</param>
public sealed record TranscriptionOptions(string Provider, string? Language)
{
    /// <summary>Deepgram settings.</summary>
    public DeepgramSettings Deepgram { get; init; } = new(null, DeepgramSettings.DefaultUrl, null);

    /// <summary>OpenAI Realtime settings.</summary>
    public OpenAiSettings OpenAi { get; init; } = new(null, OpenAiSettings.DefaultUrl, "gpt-4o-transcribe");

    /// <summary>OpenAI-compatible (self-hosted Whisper) settings.</summary>
    public OpenAiCompatibleSettings OpenAiCompatible { get; init; } = new(null, null, "whisper-1");

    /// <summary>Google Speech-to-Text settings.</summary>
    public GoogleSpeechSettings Google { get; init; } = new(GoogleSpeechSettings.DefaultEndpoint, null, null, null, GoogleSpeechSettings.DefaultStreamRotation);

    /// <summary>Azure AI Speech settings.</summary>
    public AzureSpeechSettings Azure { get; init; } = new(null, null, null, null);

    /// <summary>Amazon Transcribe streaming settings.</summary>
    public AwsTranscribeSettings Aws { get; init; } = new(null, null, null);

    /// <summary>PocketSphinx settings.</summary>
    public PocketSphinxSettings PocketSphinx { get; init; } = new(PocketSphinxSettings.DefaultModelDirectory);

    /// <summary>
    /// Reads <c>STT_PROVIDER</c>, <c>STT_LANGUAGE</c> and the per-provider variables (<c>DEEPGRAM_API_KEY</c>, <c>DEEPGRAM_URL</c>,
    /// <c>OPENAI_API_KEY</c>, <c>OPENAI_URL</c>, <c>OPENAI_COMPATIBLE_URL</c>, <c>GOOGLE_STT_ENDPOINT</c>, <c>AZURE_SPEECH_KEY</c>, ...); throws on a malformed URL.
    /// </summary>
    public static TranscriptionOptions FromVariables(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        string? Value(string name) => string.IsNullOrWhiteSpace(get(name)) ? null : get(name)!.Trim();
        var defaults = new TranscriptionOptions("none", null);
        return new TranscriptionOptions((Value("STT_PROVIDER") ?? "none").ToLowerInvariant(), Value("STT_LANGUAGE"))
        {
            Deepgram = new DeepgramSettings(
                Value("DEEPGRAM_API_KEY"),
                ParseUri("DEEPGRAM_URL", Value("DEEPGRAM_URL")) ?? defaults.Deepgram.Url,
                Value("DEEPGRAM_MODEL")),
            OpenAi = new OpenAiSettings(
                Value("OPENAI_API_KEY"),
                ParseUri("OPENAI_URL", Value("OPENAI_URL")) ?? defaults.OpenAi.Url,
                Value("OPENAI_MODEL") ?? defaults.OpenAi.Model),
            OpenAiCompatible = new OpenAiCompatibleSettings(
                ParseUri("OPENAI_COMPATIBLE_URL", Value("OPENAI_COMPATIBLE_URL")),
                Value("OPENAI_COMPATIBLE_API_KEY"),
                Value("OPENAI_COMPATIBLE_MODEL") ?? defaults.OpenAiCompatible.Model),
            Google = defaults.Google with
            {
                Endpoint = ParseUri("GOOGLE_STT_ENDPOINT", Value("GOOGLE_STT_ENDPOINT")) ?? defaults.Google.Endpoint,
                ApiKey = Value("GOOGLE_API_KEY"),
                AccessToken = Value("GOOGLE_ACCESS_TOKEN"),
                Model = Value("GOOGLE_STT_MODEL"),
            },
            Azure = new AzureSpeechSettings(
                Value("AZURE_SPEECH_KEY"),
                Value("AZURE_SPEECH_TOKEN"),
                Value("AZURE_SPEECH_REGION"),
                ParseUri("AZURE_SPEECH_ENDPOINT", Value("AZURE_SPEECH_ENDPOINT"))),
            Aws = new AwsTranscribeSettings(
                Value("AWS_REGION"),
                ParseUri("AWS_TRANSCRIBE_ENDPOINT", Value("AWS_TRANSCRIBE_ENDPOINT")),
                Value("AWS_PROFILE")),
            PocketSphinx = new PocketSphinxSettings(Value("POCKETSPHINX_MODEL_DIR") ?? PocketSphinxSettings.DefaultModelDirectory),
        };
    }

    private static Uri? ParseUri(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new TranscriptionConfigurationException($"{name} is not an absolute URL: '{value}'.");
    }
}
