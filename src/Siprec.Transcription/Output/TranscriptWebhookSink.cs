using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Siprec.Transcription.Output;

/// <summary>
/// Posts each final result as JSON to a webhook URL from a background queue (bounded, oldest dropped), so a slow or failing
/// receiver never holds up transcription. Failures are logged and counted, not retried.
/// </summary>
public sealed partial class TranscriptWebhookSink : ITranscriptSink, IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly ILogger _logger;
    private readonly Channel<TranscriptResult> _queue;
    private readonly Task _sender;
    private long _delivered;
    private long _failed;

    /// <summary>Starts a sink posting to <paramref name="url"/> through <paramref name="http"/>.</summary>
    public TranscriptWebhookSink(HttpClient http, Uri url, int capacity = 1000, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        _http = http;
        _url = url;
        _logger = logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<TranscriptResult>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>Results the receiver accepted (2xx).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Results that could not be delivered.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <inheritdoc />
    public ValueTask WriteAsync(TranscriptResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsFinal)
        {
            _queue.Writer.TryWrite(result);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Stops taking results and waits for the queued ones to be posted.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _sender.ConfigureAwait(false);
    }

    private async Task SendLoopAsync()
    {
        await foreach (var result in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                using var content = new ByteArrayContent(TranscriptJson.ToUtf8Bytes(result));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await _http.PostAsync(_url, content).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _delivered);
                    continue;
                }

                Interlocked.Increment(ref _failed);
                Log.Rejected(_logger, result.SessionId, _url, (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failed);
                Log.Unreachable(_logger, result.SessionId, _url, ex.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript webhook {Url} answered {Status} to a result of session {SessionId}")]
        public static partial void Rejected(ILogger logger, string sessionId, Uri url, int status);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript webhook {Url} unreachable for a result of session {SessionId}: {Error}")]
        public static partial void Unreachable(ILogger logger, string sessionId, Uri url, string error);
    }
}
