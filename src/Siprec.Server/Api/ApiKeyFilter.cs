using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Siprec.Server.Auth;
using Siprec.Server.Configuration;

namespace Siprec.Server.Api;

/// <summary>
/// Admits a request to an endpoint under <c>/api</c>. Routing has matched the route and the method; the rest is checked
/// in this order: request target (400 for bad percent-encoding), pause/resume API enabled (404), source address blocked
/// after too many failed authentications (429), API key (401), the key's rate (429), the endpoint's scope (403),
/// per-session switch (403), session id (400). The admitted caller is left in the request's features as <see cref="ApiCaller"/>.
/// With authentication off every caller holds every scope.
/// </summary>
public sealed class ApiKeyFilter(
    PauseResumeOptions options, ApiKeyAuthenticator auth, AuthFailureThrottle throttle, ApiKeyRateLimiter rateLimiter, ApiDenials denials) : IEndpointFilter
{
    /// <inheritdoc/>
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var endpoint = (RouteEndpoint)http.GetEndpoint()!;
        if (!ApiPath.TrySplit(ApiPath.RawTargetOf(http), out var segments))
        {
            return Refuse(400, ApiPath.BadEncodingMessage);
        }

        // Routing matched the server's decoded path, where %2F stays encoded; the id is read from the raw target instead.
        if (!ApiPath.TryMatch(endpoint.RoutePattern, segments, out var id))
        {
            return Refuse(404, ApiPath.NotFoundMessage(http));
        }

        var rules = endpoint.Metadata.GetMetadata<ApiAccessRules>();
        if (rules is { PauseControl: true } && !options.Enabled)
        {
            return Refuse(404, "pause/resume API is disabled");
        }

        var presented = http.Request.Headers["X-API-Key"].ToString();
        if (presented.Length == 0 && rules is { KeyInQuery: true })
        {
            presented = http.Request.Query["api_key"].ToString();
        }

        var address = http.Connection.RemoteIpAddress ?? IPAddress.None;
        if (throttle.IsBlocked(address, out var blockedFor))
        {
            return Answer(denials.TooManyRequests(http, "auth_failures", null, blockedFor));
        }

        if (!auth.TryAdmit(presented, out var key))
        {
            throttle.RecordFailure(address);
            return presented.Length == 0
                ? Answer(denials.Unauthorized(http, "missing_key", "missing API key (X-API-Key header)"))
                : Answer(denials.Unauthorized(http, "invalid_key", "invalid API key"));
        }

        var keyId = key?.Id ?? ApiKeyAuthenticator.AnonymousKeyId;
        if (!rateLimiter.TryAcquire(key?.Id ?? "address " + address, out var retryAfter))
        {
            return Answer(denials.TooManyRequests(http, "rate_limit", keyId, retryAfter));
        }

        // An endpoint that forgot to declare its scope is refused as if it needed admin, rather than left open.
        var scope = endpoint.Metadata.GetMetadata<RequiredScope>()?.Scope ?? ApiScope.Admin;
        if (auth.Required && key is not null && !key.Scopes.Contains(scope))
        {
            return Answer(denials.MissingScope(http, keyId, ApiScopeText.Name(scope)));
        }

        if (rules is { PerSession: true } && !options.PerSession)
        {
            return Refuse(403, "per-session pause/resume control is disabled");
        }

        if (id is not null && SessionIdRules.Check(id) is { } idError)
        {
            return Refuse(400, idError);
        }

        http.Features.Set(new ApiCaller(keyId, id));
        return next(context);
    }

    private static ValueTask<object?> Answer(JsonAnswer answer) => ValueTask.FromResult<object?>(answer);

    private static ValueTask<object?> Refuse(int statusCode, string message) => ValueTask.FromResult<object?>(JsonAnswer.Error(statusCode, message));
}
