using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Siprec.Recording.Control;
using Siprec.Server.Configuration;
using Siprec.Transcription.Output;

namespace Siprec.Server.Notifications;

/// <summary>
/// Delivers pause events to the configured webhook URLs from a background queue: POST JSON, signed with
/// <see cref="WebhookSignature"/>, identified by <c>X-Siprec-Event-Id</c>, retried by the <see cref="WebhookHttpClient"/>.
/// Publishing never waits on the network: the queue is bounded, and an event published while it is full is dropped
/// (logged and counted) so that a dead receiver costs bounded memory. At shutdown, queued events are still delivered for
/// a bounded time; those left then are counted and logged once.
/// </summary>
public sealed partial class WebhookNotifier : BackgroundService, IPauseEventSink
{
    /// <summary>The header that names the event, such as <c>session.paused</c>.</summary>
    public const string EventHeader = "X-Siprec-Event";

    /// <summary>Events held for delivery at most; later ones are dropped until the queue has room.</summary>
    public const int QueueCapacity = 10_000;

    private readonly Channel<PauseEvent> _queue = Channel.CreateBounded<PauseEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly PauseResumeOptions _options;
    private readonly IHttpClientFactory _httpClients;
    private readonly WebhookDeliveryStats _stats;
    private readonly TimeSpan _shutdownDrain;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookNotifier> _logger;

    /// <summary>
    /// Creates the notifier; <paramref name="stats"/> counts what becomes of each delivery, and a stop keeps delivering
    /// queued events for <paramref name="shutdownDrain"/> on <paramref name="time"/>.
    /// </summary>
    public WebhookNotifier(
        PauseResumeOptions options, IHttpClientFactory httpClients, WebhookDeliveryStats stats, TimeSpan shutdownDrain, TimeProvider time, ILogger<WebhookNotifier> logger)
    {
        _options = options;
        _httpClients = httpClients;
        _stats = stats;
        _shutdownDrain = shutdownDrain;
        _time = time;
        _logger = logger;
    }

    /// <summary>Events waiting for delivery (the one being delivered excluded); at most <see cref="QueueCapacity"/>.</summary>
    public int Backlog => _queue.Reader.Count;

    /// <summary>Webhooks are on and at least one URL is configured.</summary>
    public bool Active => _options.Notifications && _options.WebhookUrls.Count > 0;

    /// <inheritdoc />
    public void Publish(PauseEvent pauseEvent)
    {
        ArgumentNullException.ThrowIfNull(pauseEvent);
        if (!Active || (!pauseEvent.Changed && !pauseEvent.IsAlert))
        {
            return;
        }

        if (!_queue.Writer.TryWrite(pauseEvent))
        {
            _stats.RecordDropped(_options.WebhookUrls.Count);
            Log.QueueFull(_logger, pauseEvent.Name, pauseEvent.Status.SessionId);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Deliveries run on their own token: the stop starts the drain, and only the drain's end cuts a delivery short.
        using var drain = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var drainStarts = stoppingToken.Register(() => drain.CancelAfter(_shutdownDrain));
        var reader = _queue.Reader;
        Task[] deliveries = [];
        try
        {
            while (true)
            {
                if (!reader.TryRead(out var pauseEvent))
                {
                    if (stoppingToken.IsCancellationRequested)
                    {
                        return;
                    }

                    await WaitForEventAsync(reader, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var body = PauseEventJson.ToUtf8(pauseEvent);
                var http = _httpClients.CreateClient(WebhookHttpClient.Name);
                deliveries = [.. _options.WebhookUrls.Select(url => DeliverAsync(http, url, pauseEvent, body, drain.Token))];
                await Task.WhenAll(deliveries).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            // The event in flight is unsent only for the receivers whose delivery the drain cut short; the others had
            // their answer (delivered, rejected or abandoned) and were counted then.
            var cutShort = deliveries.Count(delivery => delivery.IsCanceled);
            _stats.RecordUnsentAtShutdown((reader.Count * _options.WebhookUrls.Count) + cutShort);
            Log.UnsentAtShutdown(_logger, reader.Count + (cutShort > 0 ? 1 : 0), _shutdownDrain);
        }
    }

    private static async Task WaitForEventAsync(ChannelReader<PauseEvent> reader, CancellationToken stoppingToken)
    {
        try
        {
            await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The stop: what is queued now is delivered within the drain.
        }
    }

    private async Task DeliverAsync(HttpClient http, Uri url, PauseEvent pauseEvent, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Siprec-Event-Id", pauseEvent.EventId);
        request.Headers.Add(EventHeader, pauseEvent.Name);
        if (!string.IsNullOrEmpty(_options.WebhookSecret))
        {
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(_options.WebhookSecret, body));
        }

        string error;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                _stats.RecordDelivered();
                return;
            }

            error = $"HTTP {(int)response.StatusCode}";
            if (!WebhookRetryRule.IsWorthRetrying(response))
            {
                _stats.RecordRejected();
                Log.DeliveryRejected(_logger, pauseEvent.Name, pauseEvent.Status.SessionId, url.GetLeftPart(UriPartial.Path), pauseEvent.EventId, error);
                return;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Each failed attempt was logged by the client as it happened; this line gives the outcome.
            error = ex.Message;
        }

        _stats.RecordAbandoned();
        Log.DeliveryAbandoned(_logger, pauseEvent.Name, pauseEvent.Status.SessionId, url.GetLeftPart(UriPartial.Path), pauseEvent.EventId, error);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Webhook queue full, event {event} of session {session_id} dropped")]
        public static partial void QueueFull(ILogger logger, string @event, string session_id);

        [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Webhook drain at shutdown ran out after {drain}: {unsent} events not delivered")]
        public static partial void UnsentAtShutdown(ILogger logger, int unsent, TimeSpan drain);

        [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "Webhook delivery of {event} for session {session_id} refused by the receiver, not retried: {error}")]
        public static partial void DeliveryRejected(ILogger logger, string @event, string session_id, string url, string event_id, string error);

        [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Webhook delivery of {event} for session {session_id} abandoned after all attempts: {error}")]
        public static partial void DeliveryAbandoned(ILogger logger, string @event, string session_id, string url, string event_id, string error);
    }
}
