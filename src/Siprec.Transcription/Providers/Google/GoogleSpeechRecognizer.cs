using Grpc.Core;
using Grpc.Net.Client;
using Siprec.Transcription.Configuration;
using Siprec.Transcription.Providers.Google.Protocol;

namespace Siprec.Transcription.Providers.Google;

/// <summary>
/// Google Cloud Speech-to-Text v1 <c>StreamingRecognize</c> over gRPC: config first, then audio; streams are rotated
/// before the provider's ~5-minute limit and reopened after a pause.
/// </summary>
public sealed class GoogleSpeechRecognizer : ISpeechRecognizer, IDisposable
{
    private readonly GoogleSpeechSettings _settings;
    private readonly string? _language;
    private readonly TimeProvider _time;
    private readonly GrpcChannel _channel;
    private readonly Speech.SpeechClient _client;

    /// <summary>Creates the recognizer; throws when neither an API key nor a token is set for a TLS endpoint.</summary>
    public GoogleSpeechRecognizer(GoogleSpeechSettings settings, string? language, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Endpoint.Scheme == Uri.UriSchemeHttps && settings.ApiKey is null && settings.AccessToken is null)
        {
            throw new TranscriptionConfigurationException("STT_PROVIDER=google needs GOOGLE_API_KEY or GOOGLE_ACCESS_TOKEN.");
        }

        _settings = settings;
        _language = language;
        _time = timeProvider;
        _channel = GrpcChannel.ForAddress(settings.Endpoint);
        _client = new Speech.SpeechClient(_channel);
    }

    /// <inheritdoc />
    public string Name => "google";

    /// <inheritdoc />
    public int PreferredSampleRate => 16000;

    /// <inheritdoc />
    public Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var headers = new Metadata();
        if (_settings.ApiKey is { } key)
        {
            headers.Add("x-goog-api-key", key);
        }
        else if (_settings.AccessToken is { } token)
        {
            headers.Add("authorization", "Bearer " + token);
        }

        var config = new StreamingRecognitionConfig
        {
            InterimResults = true,
            Config = new RecognitionConfig
            {
                Encoding = RecognitionConfig.Types.AudioEncoding.Linear16,
                SampleRateHertz = options.SampleRate,
                AudioChannelCount = 1,
                LanguageCode = options.Language ?? _language ?? "en-US",
                EnableAutomaticPunctuation = true,
                EnableWordTimeOffsets = true,
                Model = _settings.Model ?? string.Empty,
            },
        };
        ISpeechStream stream = new GoogleSpeechStream(_client, config, headers, _settings.StreamRotation, Name, options, _time);
        return Task.FromResult(stream);
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
