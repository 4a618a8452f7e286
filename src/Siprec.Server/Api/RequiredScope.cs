using Siprec.Server.Auth;

namespace Siprec.Server.Api;

/// <summary>Endpoint metadata: the scope a key must hold to call the endpoint, checked by <see cref="ApiKeyFilter"/>.</summary>
/// <param name="Scope">The required scope.</param>
public sealed record RequiredScope(ApiScope Scope);
