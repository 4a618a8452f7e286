using Prometheus;

namespace Siprec.Server.Observability;

/// <summary>
/// <c>siprec_api_auth_failures_total{reason}</c>, <c>siprec_api_throttled_total{reason}</c> and
/// <c>siprec_pause_rate_exceeded_total</c>: refused API callers and pause spikes, for alerting on key guessing and
/// unusual pause patterns.
/// </summary>
public sealed class ApiSecurityMetrics
{
    private readonly Counter _authFailures;
    private readonly Counter _throttled;
    private readonly Counter _pauseRateExceeded;

    /// <summary>Creates the counters in <paramref name="registry"/>.</summary>
    public ApiSecurityMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _authFailures = factory.CreateCounter(
            "siprec_api_auth_failures_total", "API requests refused for their key: missing_key, invalid_key (401) or missing_scope (403).", "reason");
        _throttled = factory.CreateCounter(
            "siprec_api_throttled_total", "API requests answered 429: auth_failures (the address failed too often) or rate_limit (the key's rate).", "reason");
        _pauseRateExceeded = factory.CreateCounter(
            "siprec_pause_rate_exceeded_total", "Times the pauses of one minute went over PAUSE_ALERT_THRESHOLD.");
    }

    /// <summary>Counts a request refused for its key.</summary>
    public void AuthFailed(string reason) => _authFailures.WithLabels(reason).Inc();

    /// <summary>Counts a request answered 429.</summary>
    public void Throttled(string reason) => _throttled.WithLabels(reason).Inc();

    /// <summary>Counts a pause spike.</summary>
    public void PauseRateExceeded() => _pauseRateExceeded.Inc();
}
