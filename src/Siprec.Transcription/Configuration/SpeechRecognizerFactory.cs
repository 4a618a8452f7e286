using Siprec.Transcription.Providers.Deepgram;
using Siprec.Transcription.Providers.Google;
using Siprec.Transcription.Providers.OpenAi;
using Siprec.Transcription.Providers.OpenAiCompatible;
using Siprec.Transcription.Providers.PocketSphinx;

namespace Siprec.Transcription.Configuration;

/// <summary>Creates the recognizer named by <see cref="TranscriptionOptions.Provider"/> (<c>STT_PROVIDER</c>).</summary>
public sealed class SpeechRecognizerFactory
{
    /// <summary>The provider names understood.</summary>
    public static IReadOnlyList<string> KnownProviders { get; } = ["none", "deepgram", "openai", "openai-compatible", "google", "pocketsphinx"];

    private readonly TimeProvider _time;
    private readonly HttpClient _http;

    /// <summary>Creates a factory; <paramref name="http"/> serves HTTP-based providers.</summary>
    public SpeechRecognizerFactory(TimeProvider timeProvider, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(http);
        _time = timeProvider;
        _http = http;
    }

    /// <summary>
    /// Returns the configured recognizer, or null for <c>none</c>. Throws <see cref="TranscriptionConfigurationException"/> for an
    /// unknown name or missing setting and <see cref="SpeechProviderException"/> when a local provider is not installed.
    /// </summary>
    public ISpeechRecognizer? Create(TranscriptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider.Trim().ToLowerInvariant() switch
        {
            "" or "none" => null,
            "deepgram" => new DeepgramRecognizer(options.Deepgram, options.Language, _time),
            "openai" => new OpenAiRealtimeRecognizer(options.OpenAi, options.Language, _time),
            "openai-compatible" => new OpenAiCompatibleRecognizer(options.OpenAiCompatible, _http, options.Language, _time),
            "google" => new GoogleSpeechRecognizer(options.Google, options.Language, _time),
            "pocketsphinx" => new PocketSphinxRecognizer(options.PocketSphinx, _time),
            "azure" or "aws" => throw new TranscriptionConfigurationException($"STT_PROVIDER={options.Provider} is not supported yet; use one of: {string.Join(", ", KnownProviders)}."),
            _ => throw new TranscriptionConfigurationException($"Unknown STT_PROVIDER '{options.Provider}'; use one of: {string.Join(", ", KnownProviders)}."),
        };
    }
}
