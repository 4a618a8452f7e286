using System.Collections.Frozen;

namespace Siprec.Server.Auth;

/// <summary>One accepted API key: its id (safe to log), the SHA-256 of its secret, and what it may do.</summary>
/// <param name="Id">Names the key in logs, the audit trail and events; never the secret.</param>
/// <param name="Sha256">SHA-256 of the key's UTF-8 bytes.</param>
/// <param name="Scopes">The scopes the key holds.</param>
public sealed record ApiKey(string Id, byte[] Sha256, FrozenSet<ApiScope> Scopes)
{
    /// <summary>Every scope, as held by the keys of <c>PAUSE_RESUME_API_KEY</c>.</summary>
    public static FrozenSet<ApiScope> AllScopes { get; } = ApiScopeText.All.ToFrozenSet();
}
