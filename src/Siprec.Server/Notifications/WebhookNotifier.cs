using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Control;
using Siprec.Server.Configuration;

namespace Siprec.Server.Notifications;

/// <summary>
/// Delivers pause events to the configured webhook URLs from a background queue: POST JSON, signed with
/// <see cref="WebhookSignature"/>, identified by <c>X-Siprec-Event-Id</c>, retried with exponential backoff.
/// Publishing never waits on the network.
/// </summary>
public sealed partial class WebhookNotifier : BackgroundService, IPauseEventSink
{
    /// <summary>Delivery attempts per event and URL.</summary>
    public const int MaxAttempts = 5;

    private const int QueueCapacity = 10_000;
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    private readonly Channel<PauseEvent> _queue = Channel.CreateBounded<PauseEvent>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly PauseResumeOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookNotifier> _logger;

    /// <summary>Creates the notifier.</summary>
    public WebhookNotifier(PauseResumeOptions options, TimeProvider time, ILogger<WebhookNotifier> logger)
    {
        _options = options;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _time = time;
        _logger = logger;
    }

    /// <summary>Webhooks are on and at least one URL is configured.</summary>
    public bool Active => _options.Notifications && _options.WebhookUrls.Count > 0;

    /// <inheritdoc />
    public void Publish(PauseEvent pauseEvent)
    {
        ArgumentNullException.ThrowIfNull(pauseEvent);
        if (!Active || (!pauseEvent.Changed && pauseEvent.Kind != PauseEventKind.PauseLimitExceeded))
        {
            return;
        }

        if (!_queue.Writer.TryWrite(pauseEvent))
        {
            Log.QueueFull(_logger, pauseEvent.Name, pauseEvent.Status.SessionId);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var pauseEvent in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var body = PauseEventJson.ToUtf8(pauseEvent);
                await Task.WhenAll(_options.WebhookUrls.Select(url => DeliverAsync(url, pauseEvent, body, stoppingToken))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: events still queued are not delivered.
        }
    }

    private async Task DeliverAsync(Uri url, PauseEvent pauseEvent, byte[] body, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-Siprec-Event-Id", pauseEvent.EventId);
                request.Headers.Add("X-Siprec-Event", pauseEvent.Name);
                request.Headers.Add("X-Siprec-Delivery-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (!string.IsNullOrEmpty(_options.WebhookSecret))
                {
                    request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(_options.WebhookSecret, body));
                }

                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                Log.DeliveryFailed(_logger, pauseEvent.Name, url.GetLeftPart(UriPartial.Path), attempt, $"HTTP {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.DeliveryFailed(_logger, pauseEvent.Name, url.GetLeftPart(UriPartial.Path), attempt, ex.GetType().Name);
            }

            if (attempt < MaxAttempts)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }

        Log.DeliveryAbandoned(_logger, pauseEvent.Name, url.GetLeftPart(UriPartial.Path), pauseEvent.EventId);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Webhook queue full, event dropped")]
        public static partial void QueueFull(ILogger logger, string @event, string session_id);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Webhook delivery failed")]
        public static partial void DeliveryFailed(ILogger logger, string @event, string url, int attempt, string error);

        [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Webhook delivery abandoned after all attempts")]
        public static partial void DeliveryAbandoned(ILogger logger, string @event, string url, string event_id);
    }
}
