using Siprec.Transcription.Providers.Aws;
using Siprec.Transcription.Providers.Azure;
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
    public static IReadOnlyList<string> KnownProviders { get; } = ["none", "deepgram", "openai", "openai-compatible", "google", "azure", "aws", "pocketsphinx"];

    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly Func<string, string?> _environment;

    /// <summary>
    /// Creates a factory; <paramref name="http"/> serves HTTP-based providers and <paramref name="environment"/> (the process
    /// environment when null) is where the AWS credential chain looks.
    /// </summary>
    public SpeechRecognizerFactory(TimeProvider timeProvider, HttpClient http, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(http);
        _time = timeProvider;
        _http = http;
        _environment = environment ?? Environment.GetEnvironmentVariable;
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
            "azure" => new AzureSpeechRecognizer(options.Azure, options.Language, _time),
            "aws" => new AwsTranscribeRecognizer(options.Aws, options.Language, () => AwsCredentialChain.Resolve(_environment, options.Aws.Profile), _time),
            _ => throw new TranscriptionConfigurationException($"Unknown STT_PROVIDER '{options.Provider}'; use one of: {string.Join(", ", KnownProviders)}."),
        };
    }
}
