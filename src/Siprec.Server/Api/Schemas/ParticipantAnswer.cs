namespace Siprec.Server.Api.Schemas;

/// <summary>A participant of a live session, as the OpenAPI document describes it.</summary>
public sealed record ParticipantAnswer(string Aor, string? Name, IReadOnlyList<string> StreamLabels);
