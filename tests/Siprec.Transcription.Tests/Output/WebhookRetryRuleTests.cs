using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Siprec.Transcription.Output;

namespace Siprec.Transcription.Tests.Output;

public sealed class WebhookRetryRuleTests
{
    [Theory]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(200, false)]
    [InlineData(204, false)]
    [InlineData(301, false)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    public void Only_a_5xx_or_a_429_answer_is_worth_another_attempt(int status, bool worthRetrying)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(worthRetrying, WebhookRetryRule.IsWorthRetrying(response));
        Assert.Equal(worthRetrying, WebhookRetryRule.IsWorthRetrying(Outcome.FromResult(response)));
    }

    [Fact]
    public void A_network_error_a_timeout_or_an_open_circuit_is_retried_and_a_cancellation_is_not()
    {
        Assert.True(WebhookRetryRule.IsWorthRetrying(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("connection refused"))));
        Assert.True(WebhookRetryRule.IsWorthRetrying(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
        Assert.True(WebhookRetryRule.IsWorthRetrying(Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException())));
        Assert.False(WebhookRetryRule.IsWorthRetrying(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException())));
        Assert.False(WebhookRetryRule.IsWorthRetrying(Outcome.FromException<HttpResponseMessage>(new InvalidOperationException())));
    }
}
