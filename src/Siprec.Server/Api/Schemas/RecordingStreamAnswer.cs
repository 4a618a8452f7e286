namespace Siprec.Server.Api.Schemas;

/// <summary>A stream of a finished recording, as the OpenAPI document describes it.</summary>
public sealed record RecordingStreamAnswer(int Channel, string? Label, string? Codec);
