using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Siprec.Server.Observability;

namespace Siprec.Server.Api;

/// <summary>
/// Answers a request refused for its caller (401, 403, 429) in the API's error format, and records it: the audit
/// trail, <see cref="ApiSecurityMetrics"/> and a log line. A 401 or 403 logs each time (the failure throttle bounds
/// them per address); a 429 logs a warning once per address or key per minute, so a client hammering the API cannot
/// flood the log.
/// </summary>
public sealed partial class ApiDenials(PauseAuditTrail audit, ApiSecurityMetrics metrics, TimeProvider time, ILogger<ApiDenials> logger)
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastWarning = new(StringComparer.Ordinal);

    /// <summary>401 for a missing or unknown key; <paramref name="reason"/> is <c>missing_key</c> or <c>invalid_key</c>.</summary>
    public JsonAnswer Unauthorized(HttpContext context, string reason, string message)
    {
        var denial = Record(context, 401, reason, null);
        metrics.AuthFailed(reason);
        Log.Denied(logger, 401, reason, denial.Source, "-", denial.Method, denial.Path);
        return JsonAnswer.Error(401, message);
    }

    /// <summary>403 for a key without the scope the endpoint requires.</summary>
    public JsonAnswer MissingScope(HttpContext context, string keyId, string scope)
    {
        const string Reason = "missing_scope";
        var denial = Record(context, 403, Reason, keyId);
        metrics.AuthFailed(Reason);
        Log.Denied(logger, 403, Reason, denial.Source, keyId, denial.Method, denial.Path);
        return JsonAnswer.Error(403, $"API key lacks the '{scope}' scope");
    }

    /// <summary>
    /// 429 with <c>Retry-After</c>: <paramref name="reason"/> is <c>auth_failures</c> (the address is blocked) or
    /// <c>rate_limit</c> (the key's rate is spent).
    /// </summary>
    public JsonAnswer TooManyRequests(HttpContext context, string reason, string? keyId, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var denial = Record(context, 429, reason, keyId);
        metrics.Throttled(reason);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var who = reason == "rate_limit" ? "key " + keyId : "address " + denial.Source;
        var now = time.GetUtcNow();
        if (!_lastWarning.TryGetValue(who, out var last) || now - last >= WarningInterval)
        {
            _lastWarning[who] = now;
            Log.Throttled(logger, reason, who, seconds, denial.Method, denial.Path);
        }

        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return JsonAnswer.Error(429, reason == "rate_limit"
            ? "too many requests for this API key; retry later"
            : "too many failed authentications from this address; retry later");
    }

    private ApiDenial Record(HttpContext context, int status, string reason, string? keyId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var denial = new ApiDenial(
            time.GetUtcNow(), status, reason, SourceOf(context), keyId, context.Request.Method, context.Request.PathBase + context.Request.Path);
        audit.Record(denial);
        return denial;
    }

    private static string SourceOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static partial class Log
    {
        [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "API request denied: {Status} {Reason} from {Source} (key {KeyId}) on {Method} {Route}")]
        public static partial void Denied(ILogger logger, int status, string reason, string source, string keyId, string method, string route);

        [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "API requests throttled ({Reason}) for {Who}: 429 with Retry-After {RetryAfterSeconds}s, first on {Method} {Route}")]
        public static partial void Throttled(ILogger logger, string reason, string who, int retryAfterSeconds, string method, string route);
    }
}
