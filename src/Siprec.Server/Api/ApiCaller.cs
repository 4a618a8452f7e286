using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Siprec.Server.Api;

/// <summary>
/// Who called an endpoint under <c>/api</c> and which session or recording it names, left in the request's features by
/// <see cref="ApiKeyFilter"/> once the request is admitted.
/// </summary>
/// <param name="KeyId">The key id of the API key presented, or the anonymous id when authentication is off.</param>
/// <param name="RouteId">The <c>{id}</c> of the route decoded from the raw request target, or null when the route has none.</param>
public sealed record ApiCaller(string KeyId, string? RouteId)
{
    /// <summary>The caller of an admitted request.</summary>
    public static ApiCaller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.GetRequiredFeature<ApiCaller>();
    }
}
