using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Siprec.Transcription.Output;

/// <summary>
/// Posts each final result as JSON to a webhook URL from a background queue (bounded, oldest dropped), so a slow or failing
/// receiver never holds up transcription. A 5xx, a 429, a network error or a timeout is retried with backoff up to
/// <see cref="TranscriptWebhookOptions.MaxAttempts"/> by a resilience pipeline on the injected clock; any other answer is
/// final (<see cref="WebhookRetryRule"/>). Disposal delivers what is queued for a
/// bounded time and counts the rest.
/// </summary>
public sealed partial class TranscriptWebhookSink : ITranscriptSink, IWebhookDeliveryCounts, IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<string> SessionIdKey = new("siprec.transcript_webhook.session_id");

    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly TranscriptWebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<TranscriptResult> _queue;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly CancellationTokenSource _stop;
    private readonly Task _sender;
    private long _delivered;
    private long _abandoned;
    private long _rejected;
    private long _dropped;
    private long _unsentAtShutdown;
    private long _failedAttempts;
    private int _inFlight;

    /// <summary>Starts a sink posting to <paramref name="url"/> through <paramref name="http"/>, its backoff on <paramref name="time"/>.</summary>
    public TranscriptWebhookSink(HttpClient http, Uri url, TranscriptWebhookOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        _http = http;
        _url = url;
        _options = options ?? TranscriptWebhookOptions.Default;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<TranscriptResult>(
            new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
        _pipeline = BuildPipeline();
        _stop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>Results the receiver accepted (2xx).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Results given up after every attempt failed with a 5xx, a 429, a network error or a timeout.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>Results the receiver refused with an answer not worth retrying (a 4xx other than 429, a 3xx).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Results dropped unsent because the queue was full when a newer one came.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Results still queued or in flight when the drain at disposal ran out.</summary>
    public long UnsentAtShutdown => Interlocked.Read(ref _unsentAtShutdown);

    /// <summary>Attempts that failed (5xx, 429, network error or timeout), retried or not.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Results waiting for delivery, the one being delivered excluded; at most <see cref="TranscriptWebhookOptions.QueueCapacity"/>.</summary>
    public int Backlog => _queue.Reader.Count;

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

    /// <summary>
    /// Stops taking results and keeps delivering the queued ones for at most <see cref="TranscriptWebhookOptions.ShutdownDrainTimeout"/>;
    /// what is left then is counted in <see cref="UnsentAtShutdown"/> and logged once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!_queue.Writer.TryComplete())
        {
            return;
        }

        _stop.CancelAfter(_options.ShutdownDrainTimeout);
        await _sender.ConfigureAwait(false);
        var unsent = _queue.Reader.Count + Volatile.Read(ref _inFlight);
        if (unsent > 0)
        {
            Interlocked.Add(ref _unsentAtShutdown, unsent);
            Log.UnsentAtShutdown(_logger, unsent, _url.GetLeftPart(UriPartial.Path), _options.ShutdownDrainTimeout);
        }

        _stop.Dispose();
    }

    private void OnDropped(TranscriptResult result)
    {
        // A receiver that stays down drops a result per final: a line for the first and then one per thousand, the count carries the rest.
        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 1000 == 0)
        {
            Log.QueueFull(_logger, result.SessionId, _url.GetLeftPart(UriPartial.Path), _options.QueueCapacity, dropped);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var result))
                {
                    Volatile.Write(ref _inFlight, 1);
                    await DeliverAsync(result, _stop.Token).ConfigureAwait(false);
                    Volatile.Write(ref _inFlight, 0);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The drain at disposal ran out; DisposeAsync counts what is left.
        }
    }

    private async Task DeliverAsync(TranscriptResult result, CancellationToken stop)
    {
        var body = TranscriptJson.ToUtf8Bytes(result);
        var context = ResilienceContextPool.Shared.Get(stop);
        context.Properties.Set(SessionIdKey, result.SessionId);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = Outcome.FromResult(await _pipeline.ExecuteAsync(
                static (attempt, state) => state.Sink.PostAsync(state.Body, attempt.CancellationToken), context, (Sink: this, Body: body)).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            outcome = Outcome.FromException<HttpResponseMessage>(ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using var response = outcome.Result;
        if (response is { IsSuccessStatusCode: true })
        {
            Interlocked.Increment(ref _delivered);
            return;
        }

        var error = Describe(outcome);
        if (!WebhookRetryRule.IsWorthRetrying(outcome))
        {
            Interlocked.Increment(ref _rejected);
            Log.Rejected(_logger, result.SessionId, _url.GetLeftPart(UriPartial.Path), error);
            return;
        }

        Interlocked.Increment(ref _failedAttempts);
        Interlocked.Increment(ref _abandoned);
        Log.Abandoned(_logger, result.SessionId, _url.GetLeftPart(UriPartial.Path), _options.MaxAttempts, error);
    }

    private async ValueTask<HttpResponseMessage> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            return await _http.PostAsync(_url, content, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's own timeout, shorter than the attempt's: a timeout all the same, and worth another attempt.
            throw new TimeoutRejectedException(ex.Message, _options.AttemptTimeout, ex);
        }
    }

    // Every attempt that will be tried again: the last one is counted and logged by DeliverAsync with the outcome.
    private ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args)
    {
        Interlocked.Increment(ref _failedAttempts);
        var sessionId = args.Context.Properties.GetValue(SessionIdKey, "");
        Log.AttemptFailed(_logger, sessionId, _url.GetLeftPart(UriPartial.Path), args.AttemptNumber + 1, Describe(args.Outcome));
        return default;
    }

    private string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        TimeoutRejectedException => $"no answer within {_options.AttemptTimeout}",
        { } error => error.Message,
        null => $"HTTP {(int)outcome.Result!.StatusCode}",
    };

    // At most MaxAttempts attempts of at most AttemptTimeout each, the waits between them doubling up to MaxRetryDelay, on the injected clock.
    private ResiliencePipeline<HttpResponseMessage> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (_options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = _options.RetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                UseJitter = false,
                ShouldHandle = static args => ValueTask.FromResult(WebhookRetryRule.IsWorthRetrying(args.Outcome)),
                OnRetry = OnRetry,
            });
        }

        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript webhook {Url} refused a result of session {SessionId}: {Error}; not retried")]
        public static partial void Rejected(ILogger logger, string sessionId, string url, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript webhook {Url} attempt {Attempt} failed for a result of session {SessionId}: {Error}")]
        public static partial void AttemptFailed(ILogger logger, string sessionId, string url, int attempt, string error);

        [LoggerMessage(Level = LogLevel.Error, Message = "Transcript webhook {Url}: delivery of a result of session {SessionId} abandoned after {Attempts} attempts: {Error}")]
        public static partial void Abandoned(ILogger logger, string sessionId, string url, int attempts, string error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript webhook {Url} queue full ({Capacity} results): the oldest, of session {SessionId}, dropped ({Dropped} dropped so far)")]
        public static partial void QueueFull(ILogger logger, string sessionId, string url, int capacity, long dropped);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript webhook {Url}: {Unsent} results still unsent after the {Drain} shutdown drain, not delivered")]
        public static partial void UnsentAtShutdown(ILogger logger, int unsent, string url, TimeSpan drain);
    }
}
