using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using Prometheus;
using Siprec.Sip;

namespace Siprec.Server.Observability;

/// <summary>
/// <c>siprec_sip_requests_total{method}</c>, <c>siprec_sip_responses_total{code}</c>, <c>siprec_sip_rejected_total{code}</c>, <c>siprec_sip_malformed_total{reason}</c> and <c>siprec_sip_overload_refusals_total{method}</c>. Label children are made once
/// and reused, so counting a message does not allocate; unknown methods share the <c>other</c> series.
/// </summary>
public sealed class SipTrafficMetrics : ISipTrafficObserver
{
    private static readonly string[] KnownMethods = ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "INFO", "PRACK", "REGISTER", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE"];

    private readonly FrozenDictionary<string, Counter.Child> _requests;
    private readonly Counter.Child _otherRequests;
    private readonly Counter _responses;
    private readonly ConcurrentDictionary<int, Counter.Child> _responseByCode = new();
    private readonly Counter _refusals;
    private readonly ConcurrentDictionary<int, Counter.Child> _refusalByCode = new();
    private readonly FrozenDictionary<string, Counter.Child> _shed;
    private readonly Counter _malformed;
    private readonly ConcurrentDictionary<string, Counter.Child> _malformedByReason = new(StringComparer.Ordinal);
    private readonly Counter.Child _otherShed;

    /// <summary>Creates the counters in <paramref name="registry"/>.</summary>
    public SipTrafficMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var requests = factory.CreateCounter("siprec_sip_requests_total", "SIP requests received (retransmissions excluded), by method.", "method");
        _requests = KnownMethods.ToFrozenDictionary(m => m, m => requests.WithLabels(m), StringComparer.Ordinal);
        _otherRequests = requests.WithLabels("other");
        _responses = factory.CreateCounter("siprec_sip_responses_total", "SIP responses sent (retransmissions excluded), by status code.", "code");
        _refusals = factory.CreateCounter("siprec_sip_rejected_total", "INVITEs, UPDATEs and malformed requests refused with a 4xx-6xx, by status code.", "code");
        var shed = factory.CreateCounter("siprec_sip_overload_refusals_total", "New requests answered 503 at once because the SIP backlog was over budget, by method.", "method");
        _shed = KnownMethods.ToFrozenDictionary(m => m, m => shed.WithLabels(m), StringComparer.Ordinal);
        _otherShed = shed.WithLabels("other");
        _malformed = factory.CreateCounter("siprec_sip_malformed_total", "SIP messages that could not be read, answered 400 or dropped, by reason.", "reason");
    }

    /// <inheritdoc />
    public void RequestReceived(string method) =>
        (_requests.TryGetValue(method, out var child) ? child : _otherRequests).Inc();

    /// <inheritdoc />
    public void ResponseSent(int statusCode) => Count(_responses, _responseByCode, statusCode);

    /// <inheritdoc />
    public void RequestRefused(int statusCode) => Count(_refusals, _refusalByCode, statusCode);

    /// <inheritdoc />
    public void RequestShed(string method) =>
        (_shed.TryGetValue(method, out var child) ? child : _otherShed).Inc();

    /// <inheritdoc />
    public void MessageMalformed(string reason) =>
        _malformedByReason.GetOrAdd(reason, static (r, counter) => counter.WithLabels(r), _malformed).Inc();

    private static void Count(Counter counter, ConcurrentDictionary<int, Counter.Child> byCode, int statusCode)
    {
        if (statusCode is < 100 or > 699)
        {
            return;
        }

        byCode.GetOrAdd(statusCode, static (code, counter) => counter.WithLabels(code.ToString(CultureInfo.InvariantCulture)), counter).Inc();
    }
}
