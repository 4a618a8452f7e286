namespace Siprec.Server.Api.Schemas;

/// <summary>A session's transcription, as the OpenAPI document describes what <see cref="TranscriptionStatusJson"/> writes.</summary>
public sealed record TranscriptionStatusAnswer(string Provider, bool Paused, string? TranscriptFile, IReadOnlyList<TranscriptionStreamAnswer> Streams);
