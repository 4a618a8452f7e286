namespace Siprec.Server.Api.Schemas;

/// <summary>The nodes, as the OpenAPI document describes the answer of <c>GET /api/nodes</c>.</summary>
public sealed record NodeListAnswer(int Count, IReadOnlyList<NodeAnswer> Nodes);
