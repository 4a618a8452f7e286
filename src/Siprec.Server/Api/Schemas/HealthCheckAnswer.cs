using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>One check of <c>GET /health</c>, as the OpenAPI document describes it.</summary>
public sealed record HealthCheckAnswer(
    [property: Description("ok or failed.")] string Status,
    string Detail);
