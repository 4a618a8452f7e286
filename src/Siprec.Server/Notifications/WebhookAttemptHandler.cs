using System.Globalization;
using Microsoft.Extensions.Logging;
using Polly;

namespace Siprec.Server.Notifications;

/// <summary>Runs inside the webhook client's retry: numbers each attempt in <c>X-Siprec-Delivery-Attempt</c> and logs an attempt that fails.</summary>
internal sealed partial class WebhookAttemptHandler(WebhookDeliveryStats stats, ILogger logger) : DelegatingHandler
{
    /// <summary>The header that carries the attempt number, 1 for the first.</summary>
    public const string AttemptHeader = "X-Siprec-Delivery-Attempt";

    private static readonly ResiliencePropertyKey<int> AttemptKey = new("siprec.webhook.attempt");

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = CountAttempt(request);
        request.Headers.Remove(AttemptHeader);
        request.Headers.Add(AttemptHeader, attempt.ToString(CultureInfo.InvariantCulture));
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogFailure(request, attempt, $"HTTP {(int)response.StatusCode}");
            }

            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            LogFailure(request, attempt, ex.GetType().Name);
            throw;
        }
    }

    // Every attempt of one delivery shares the resilience context, so the count lives there.
    private static int CountAttempt(HttpRequestMessage request)
    {
        if (request.GetResilienceContext() is not { } context)
        {
            return 1;
        }

        var attempt = context.Properties.GetValue(AttemptKey, 0) + 1;
        context.Properties.Set(AttemptKey, attempt);
        return attempt;
    }

    private void LogFailure(HttpRequestMessage request, int attempt, string error)
    {
        stats.RecordFailedAttempt();
        var name = request.Headers.TryGetValues(WebhookNotifier.EventHeader, out var values) ? values.FirstOrDefault() ?? "" : "";
        Log.DeliveryFailed(logger, name, request.RequestUri?.GetLeftPart(UriPartial.Path) ?? "", attempt, error);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Webhook delivery failed")]
        public static partial void DeliveryFailed(ILogger logger, string @event, string url, int attempt, string error);
    }
}
