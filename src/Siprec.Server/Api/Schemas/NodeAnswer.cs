using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>One node of <c>GET /api/nodes</c>, as the OpenAPI document describes it.</summary>
public sealed record NodeAnswer(
    string Id,
    [property: Description("active, draining (drained or shutting down), down (lease lapsed) or unknown (did not answer in time).")] string State,
    [property: Description("The reason phrase of the 503 new calls and OPTIONS probes get now, or null when the node takes calls.")] string? Refusing,
    int? Sessions,
    int? MaxSessions,
    long? FreeDiskBytes,
    string? Version,
    long? UptimeSeconds,
    string? StartedAt,
    [property: Description("The node's advertised HTTP address; may be empty.")] string? Url,
    [property: Description("Down or unknown nodes: when the node last renewed its lease.")] string? LastSeen,
    [property: Description("Unknown nodes: why the node did not describe itself.")] string? Error);
