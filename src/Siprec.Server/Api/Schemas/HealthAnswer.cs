using System.ComponentModel;
using Siprec.Server.Health;

namespace Siprec.Server.Api.Schemas;

/// <summary>The server's health, as the OpenAPI document describes the answer of <c>GET /health</c>.</summary>
public sealed record HealthAnswer(
    [property: Description("ok, or degraded (with status 503) when a check failed.")] string Status,
    string Version,
    [property: Description("Time since start, such as 1h2m3s.")] string Uptime,
    [property: Description("Each check by its name.")] IReadOnlyDictionary<string, HealthCheckAnswer> Checks,
    [property: Description("Whether calls are transcribed, and the setting that turns it on when they are not.")] TranscriptionHealth Transcription);
