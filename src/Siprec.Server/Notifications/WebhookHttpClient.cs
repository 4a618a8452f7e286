using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Siprec.Transcription.Output;

namespace Siprec.Server.Notifications;

/// <summary>
/// The named HTTP client that posts pause events to webhook receivers: the standard resilience handler, tuned to the
/// documented delivery (5 attempts by default, each of at most 10 s, backoff 1 s, 2 s, 4 s, 8 s after a 5xx, a 429, a
/// network error or a timeout, the attempts and the first delay configurable), its delays and timeouts on the host's clock. Any other answer is final
/// (<see cref="WebhookRetryRule"/>).
/// </summary>
public static class WebhookHttpClient
{
    /// <summary>The client's name in <see cref="IHttpClientFactory"/>.</summary>
    public const string Name = "webhooks";

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers the client, making at most <paramref name="maxAttempts"/> attempts per delivery and waiting
    /// <paramref name="firstRetryDelay"/> after a first failure, doubling; handlers added to <see cref="Name"/> later run
    /// inside the retry, once per attempt.
    /// </summary>
    public static void Add(IServiceCollection services, TimeSpan firstRetryDelay, int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        // The pipeline's timeouts bound each attempt and the whole delivery; the client's own timeout would cut across retries.
        var client = services.AddHttpClient(Name, http => http.Timeout = Timeout.InfiniteTimeSpan);
        client.AddStandardResilienceHandler(options =>
        {
            options.AttemptTimeout.Timeout = AttemptTimeout;
            options.TotalRequestTimeout.Timeout = (AttemptTimeout * maxAttempts) + (firstRetryDelay * ((1 << (maxAttempts - 1)) - 1));

            // The retry strategy wants one retry at least; a single attempt is a retry that never finds an outcome worth it.
            options.Retry.MaxRetryAttempts = Math.Max(1, maxAttempts - 1);
            options.Retry.BackoffType = DelayBackoffType.Exponential;
            options.Retry.Delay = firstRetryDelay;
            options.Retry.UseJitter = false;

            // A receiver's Retry-After could hold the in-order queue far beyond the documented backoff.
            options.Retry.ShouldRetryAfterHeader = false;
            options.Retry.ShouldHandle = args => ValueTask.FromResult(maxAttempts > 1 && WebhookRetryRule.IsWorthRetrying(args.Outcome));
        }).SelectPipelineByAuthority();
        client.AddHttpMessageHandler(sp => new WebhookAttemptHandler(sp.GetRequiredService<WebhookDeliveryStats>(), sp.GetRequiredService<ILogger<WebhookNotifier>>()));
    }
}
