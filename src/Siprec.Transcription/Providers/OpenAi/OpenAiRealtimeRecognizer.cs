using System.Net.WebSockets;
using Siprec.Transcription.Configuration;

namespace Siprec.Transcription.Providers.OpenAi;

/// <summary>OpenAI Realtime transcription (<c>intent=transcription</c> WebSocket, base64 PCM16 at 24 kHz, server VAD).</summary>
public sealed class OpenAiRealtimeRecognizer : ISpeechRecognizer
{
    private readonly OpenAiSettings _settings;
    private readonly string? _language;
    private readonly TimeProvider _time;

    /// <summary>Creates the recognizer; throws when the API key is missing.</summary>
    public OpenAiRealtimeRecognizer(OpenAiSettings settings, string? language, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrEmpty(settings.ApiKey))
        {
            throw new TranscriptionConfigurationException("STT_PROVIDER=openai needs OPENAI_API_KEY.");
        }

        _settings = settings;
        _language = language;
        _time = timeProvider;
    }

    /// <inheritdoc />
    public string Name => "openai";

    /// <inheritdoc />
    public int PreferredSampleRate => 24000;

    /// <inheritdoc />
    public async Task<ISpeechStream> OpenStreamAsync(SpeechStreamOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _settings.ApiKey);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        var uri = _settings.Url.Query.Contains("intent=", StringComparison.Ordinal)
            ? _settings.Url
            : new UriBuilder(_settings.Url) { Query = (_settings.Url.Query.TrimStart('?') + "&intent=transcription").TrimStart('&') }.Uri;
        return await WebSocketSpeechStream.ConnectAsync(
            socket,
            uri,
            Name,
            async (connected, cancellation) =>
            {
                var stream = new OpenAiRealtimeStream(connected, Name, options, _time);
                await stream.ConfigureAsync(_settings.Model, options.Language ?? _language, cancellation).ConfigureAwait(false);
                return stream;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
