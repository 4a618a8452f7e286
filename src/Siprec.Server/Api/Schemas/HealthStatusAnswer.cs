using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>The answer of <c>GET /health/live</c> and <c>GET /health/ready</c>, as the OpenAPI document describes it.</summary>
public sealed record HealthStatusAnswer(
    [property: Description("ok; unavailable (with status 503) when the server is not ready.")] string Status);
