namespace Siprec.Server.Api.Schemas;

/// <summary>The live sessions, as the OpenAPI document describes the answer of <c>GET /api/sessions</c>.</summary>
public sealed record SessionListAnswer(int Count, IReadOnlyList<SessionAnswer> Sessions);
