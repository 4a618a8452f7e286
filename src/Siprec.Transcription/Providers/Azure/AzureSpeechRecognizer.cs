using System.Net.WebSockets;
using System.Text;
using Siprec.Transcription.Configuration;

namespace Siprec.Transcription.Providers.Azure;

/// <summary>Azure AI Speech real-time recognition over the Speech service WebSocket protocol (conversation mode, detailed output).</summary>
public sealed class AzureSpeechRecognizer : ISpeechRecognizer
{
    /// <summary>Below the service's idle limit, pings keep a connection alive while a paused stream sends no audio.</summary>
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(30);

    private readonly AzureSpeechSettings _settings;
    private readonly Uri _uri;
    private readonly string _language;
    private readonly TimeProvider _time;

    /// <summary>Creates the recognizer; throws when neither a key nor a token, or neither a region nor an endpoint, is set.</summary>
    public AzureSpeechRecognizer(AzureSpeechSettings settings, string? language, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrEmpty(settings.Key) && string.IsNullOrEmpty(settings.AuthorizationToken))
        {
            throw new TranscriptionConfigurationException("STT_PROVIDER=azure needs AZURE_SPEECH_KEY (or AZURE_SPEECH_TOKEN).");
        }

        _uri = settings.RecognitionUri
            ?? throw new TranscriptionConfigurationException("STT_PROVIDER=azure needs AZURE_SPEECH_REGION or AZURE_SPEECH_ENDPOINT.");
        _settings = settings;
        _language = language ?? "en-US";
        _time = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "azure";

    /// <inheritdoc />
    public int PreferredSampleRate => 16000;

    /// <inheritdoc />
    public async Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = PingInterval;
        if (!string.IsNullOrEmpty(_settings.Key))
        {
            socket.Options.SetRequestHeader("Ocp-Apim-Subscription-Key", _settings.Key);
        }
        else
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _settings.AuthorizationToken);
        }

        var connectionId = AzureSpeechMessage.NewRequestId();
        socket.Options.SetRequestHeader("X-ConnectionId", connectionId);
        return await WebSocketSpeechStream.ConnectAsync(
            socket,
            BuildUri(options, connectionId),
            Name,
            async (connected, ct) =>
            {
                var stream = new AzureSpeechStream(connected, Name, options, _time);
                try
                {
                    await stream.ConfigureAsync(ct).ConfigureAwait(false);
                    return stream;
                }
                catch
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private Uri BuildUri(SpeechStreamOptions options, string connectionId)
    {
        var query = new StringBuilder(_uri.Query.TrimStart('?'));
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append("language=").Append(Uri.EscapeDataString(options.Language ?? _language))
            .Append("&format=detailed&X-ConnectionId=").Append(connectionId);
        return new UriBuilder(_uri) { Query = query.ToString() }.Uri;
    }
}
