using System.Collections.Frozen;
using Prometheus;

namespace Siprec.Server.Observability;

/// <summary>
/// <c>siprec_api_auth_failures_total{reason}</c> and <c>siprec_api_throttled_total{reason}</c>: refused API callers,
/// for alerting on key guessing; <c>siprec_pause_rate_exceeded_total</c>: pause spikes. Every reason's series exists from the start (at 0), so a rate shows before the first refusal.
/// </summary>
public sealed class ApiSecurityMetrics
{
    private readonly FrozenDictionary<string, Counter.Child> _authFailures;
    private readonly FrozenDictionary<string, Counter.Child> _throttled;
    private readonly Counter _pauseRateExceeded;

    /// <summary>Creates the counters in <paramref name="registry"/>.</summary>
    public ApiSecurityMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var authFailures = factory.CreateCounter(
            "siprec_api_auth_failures_total", "API requests refused for their key: missing_key, invalid_key (401) or missing_scope (403).", "reason");
        _authFailures = new[] { "missing_key", "invalid_key", "missing_scope" }.ToFrozenDictionary(r => r, r => authFailures.WithLabels(r), StringComparer.Ordinal);
        var throttled = factory.CreateCounter(
            "siprec_api_throttled_total", "API requests answered 429: auth_failures (the address failed too often) or rate_limit (the key's rate).", "reason");
        _throttled = new[] { "auth_failures", "rate_limit" }.ToFrozenDictionary(r => r, r => throttled.WithLabels(r), StringComparer.Ordinal);
        _pauseRateExceeded = factory.CreateCounter(
            "siprec_pause_rate_exceeded_total", "Times the pauses of the last minute went over PAUSE_ALERT_THRESHOLD.");
    }

    /// <summary>Counts a request refused for its key.</summary>
    public void AuthFailed(string reason) => _authFailures[reason].Inc();

    /// <summary>Counts a request answered 429.</summary>
    public void Throttled(string reason) => _throttled[reason].Inc();

    /// <summary>Counts a pause spike.</summary>
    public void PauseRateExceeded() => _pauseRateExceeded.Inc();
}
