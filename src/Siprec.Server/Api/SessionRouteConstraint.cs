using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Siprec.Server.Api;

/// <summary>
/// The <c>{id:session}</c> of <c>/api/sessions/{id}</c>: any segment but the names of the routes beside it
/// (<c>pause-all</c>, <c>resume-all</c>, <c>pause-status</c>). Those paths belong to their own routes whatever the
/// method, so a wrong method there is a 405 rather than the lookup of a session of that name.
/// </summary>
public sealed class SessionRouteConstraint : IRouteConstraint, IParameterLiteralNodeMatchingPolicy
{
    /// <summary>The name the constraint is registered under.</summary>
    public const string Name = "session";

    private static readonly string[] Reserved = ["pause-all", "resume-all", "pause-status"];

    /// <inheritdoc/>
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value) && value is string text && MatchesLiteral(routeKey, text);
    }

    /// <inheritdoc/>
    public bool MatchesLiteral(string parameterName, string literal) => !Reserved.Contains(literal, StringComparer.OrdinalIgnoreCase);
}
