using Microsoft.AspNetCore.Builder;
using Siprec.Server.Auth;

namespace Siprec.Server.Api;

/// <summary>Declares an endpoint's scope next to its Map call.</summary>
public static class RequiredScopeExtensions
{
    /// <summary>Callers of the endpoint need a key holding <paramref name="scope"/> (403 otherwise).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiScope scope)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequiredScope(scope));
}
