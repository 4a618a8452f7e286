namespace Siprec.Server.Observability;

/// <summary>An API request refused for who sent it (401, 403 or 429), as the audit trail records it; never the key.</summary>
/// <param name="Timestamp">When it was refused.</param>
/// <param name="Status">401, 403 or 429.</param>
/// <param name="Reason">missing_key, invalid_key, missing_scope, auth_failures or rate_limit.</param>
/// <param name="Source">The client's address.</param>
/// <param name="KeyId">The key's id when the key was recognised.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path, without the query (which may carry a key).</param>
public sealed record ApiDenial(DateTimeOffset Timestamp, int Status, string Reason, string Source, string? KeyId, string Method, string Path);
