using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Siprec.Transcription.Configuration;

namespace Siprec.Transcription.Providers.Deepgram;

/// <summary>Deepgram live streaming (<c>/v1/listen</c> over WebSocket, linear16, interim results).</summary>
public sealed class DeepgramRecognizer : ISpeechRecognizer
{
    private readonly DeepgramSettings _settings;
    private readonly string? _language;
    private readonly TimeProvider _time;

    /// <summary>Creates the recognizer; throws when the API key is missing.</summary>
    public DeepgramRecognizer(DeepgramSettings settings, string? language, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrEmpty(settings.ApiKey))
        {
            throw new TranscriptionConfigurationException("STT_PROVIDER=deepgram needs DEEPGRAM_API_KEY.");
        }

        _settings = settings;
        _language = language;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "deepgram";

    /// <inheritdoc />
    public int PreferredSampleRate => 16000;

    /// <inheritdoc />
    public async Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Token " + _settings.ApiKey);
        return await WebSocketSpeechStream.ConnectAsync(
            socket,
            BuildUri(options),
            Name,
            (connected, _) => Task.FromResult<ISpeechStream>(new DeepgramStream(connected, Name, options, _time)),
            cancellationToken).ConfigureAwait(false);
    }

    private Uri BuildUri(SpeechStreamOptions options)
    {
        var query = new StringBuilder(_settings.Url.Query.TrimStart('?'));
        void Add(string name, string value)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        Add("encoding", "linear16");
        Add("sample_rate", options.SampleRate.ToString(CultureInfo.InvariantCulture));
        Add("channels", "1");
        Add("interim_results", "true");
        Add("punctuate", "true");
        if (_settings.Model is { } model)
        {
            Add("model", model);
        }

        if ((options.Language ?? _language) is { } language)
        {
            Add("language", language);
        }

        return new UriBuilder(_settings.Url) { Query = query.ToString() }.Uri;
    }
}
