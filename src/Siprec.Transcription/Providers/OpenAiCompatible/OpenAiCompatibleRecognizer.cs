using Siprec.Transcription.Configuration;

namespace Siprec.Transcription.Providers.OpenAiCompatible;

/// <summary>
/// Self-hosted Whisper servers (faster-whisper-server, whisper.cpp server, LocalAI, speaches): utterances cut by an
/// energy VAD are posted as WAV to <c>/v1/audio/transcriptions</c>; each answer is one final result.
/// </summary>
public sealed class OpenAiCompatibleRecognizer : ISpeechRecognizer
{
    private readonly OpenAiCompatibleSettings _settings;
    private readonly HttpClient _http;
    private readonly string? _language;
    private readonly TimeProvider _time;

    /// <summary>Creates the recognizer posting through <paramref name="http"/>; throws when no URL is set.</summary>
    public OpenAiCompatibleRecognizer(OpenAiCompatibleSettings settings, HttpClient http, string? language, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        if (settings.Url is null)
        {
            throw new TranscriptionConfigurationException(
                "STT_PROVIDER=openai-compatible needs OPENAI_COMPATIBLE_URL, e.g. http://127.0.0.1:8000/v1/audio/transcriptions.");
        }

        _settings = settings;
        _http = http;
        _language = language;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "openai-compatible";

    /// <inheritdoc />
    public int PreferredSampleRate => 16000;

    /// <inheritdoc />
    public Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ISpeechStream stream = new OpenAiCompatibleStream(_http, _settings, options.Language ?? _language, Name, options, _time);
        return Task.FromResult(stream);
    }
}
