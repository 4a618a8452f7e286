using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading.Channels;
using Siprec.Transcription.Audio;
using Siprec.Transcription.Configuration;

namespace Siprec.Transcription.Providers.OpenAiCompatible;

/// <summary>Cuts the audio into utterances and posts each one, in order, as a multipart WAV upload.</summary>
internal sealed class OpenAiCompatibleStream : SpeechStreamBase
{
    private readonly HttpClient _http;
    private readonly OpenAiCompatibleSettings _settings;
    private readonly string? _language;
    private readonly EnergyVoiceActivityDetector _vad;
    private readonly Channel<Utterance> _utterances = Channel.CreateBounded<Utterance>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Action<Utterance> _enqueue;
    private readonly Task _poster;
    private volatile SpeechProviderException? _failure;

    public OpenAiCompatibleStream(HttpClient http, OpenAiCompatibleSettings settings, string? language, string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
        : base(providerName, options, timeProvider)
    {
        _http = http;
        _settings = settings;
        _language = language;
        _vad = new EnergyVoiceActivityDetector(options.SampleRate, settings.VadThresholdDbfs);
        _enqueue = u => _utterances.Writer.TryWrite(u);
        _poster = Task.Run(PostLoopAsync);
    }

    public override ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
    {
        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        TimeMap.Record(pcm.Length, sessionOffset);
        _vad.Process(pcm.Span, _enqueue);
        return ValueTask.CompletedTask;
    }

    public override ValueTask PauseAsync(CancellationToken cancellationToken)
    {
        _vad.Flush(_enqueue);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _vad.Flush(_enqueue);
        _utterances.Writer.TryComplete();
        await _poster.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        _utterances.Writer.TryComplete();
        await _cancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await _poster.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _cancellation.Dispose();
    }

    private async Task PostLoopAsync()
    {
        try
        {
            await foreach (var utterance in _utterances.Reader.ReadAllAsync(_cancellation.Token).ConfigureAwait(false))
            {
                var text = await TranscribeAsync(utterance, _cancellation.Token).ConfigureAwait(false);
                Publish(true, text, null, utterance.Start, utterance.End);
            }

            CompleteResults(null);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            CompleteResults(null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or SpeechProviderException)
        {
            var error = ex as SpeechProviderException ?? new SpeechProviderException(ProviderName, ex.Message, ex);
            _failure = error;
            CompleteResults(error);
        }
    }

    private async Task<string> TranscribeAsync(Utterance utterance, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(WavEncoder.Encode(utterance.Samples, utterance.SampleRate));
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "utterance.wav");
        form.Add(new StringContent(_settings.Model), "model");
        form.Add(new StringContent("json"), "response_format");
        if (_language is not null)
        {
            form.Add(new StringContent(_language), "language");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url) { Content = form };
        if (_settings.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SpeechProviderException(ProviderName, string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}: {Truncate(body)}"));
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty;
    }

    private static string Truncate(string body) => body.Length <= 200 ? body : body[..200];
}
