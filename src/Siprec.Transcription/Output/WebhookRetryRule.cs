using System.Net;
using Polly;

namespace Siprec.Transcription.Output;

/// <summary>
/// Which outcomes of a webhook POST a later attempt may turn into a 2xx: a 5xx, a 429, a network error or a timeout.
/// Any other 4xx, or a 3xx, says the receiver will refuse the same request again; it is final (counted as rejected).
/// The transcript webhook and the server's pause webhooks both follow it, so the two retry the same answers.
/// </summary>
public static class WebhookRetryRule
{
    /// <summary>True for an answer worth another attempt: a 5xx or a 429.</summary>
    public static bool IsWorthRetrying(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
    }

    /// <summary>
    /// True for an attempt worth repeating: a 5xx or 429 answer, a network error, or a rejection by the resilience
    /// pipeline itself (an attempt timeout, an open circuit). A cancellation is never retried.
    /// </summary>
    public static bool IsWorthRetrying(Outcome<HttpResponseMessage> outcome) => outcome.Exception is { } error
        ? error is HttpRequestException or ExecutionRejectedException
        : outcome.Result is { } response && IsWorthRetrying(response);
}
