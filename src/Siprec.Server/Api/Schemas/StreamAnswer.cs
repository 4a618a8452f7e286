using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>A media stream of a live session, as the OpenAPI document describes it.</summary>
public sealed record StreamAnswer(
    int Index,
    string Label,
    string MediaType,
    [property: Description("Negotiated codec, such as PCMU/8000; null when unknown.")] string? Codec);
