namespace Siprec.Server.Api.Schemas;

/// <summary>A participant of a finished recording, with the WAV channels that carry their voice, as the OpenAPI document describes it.</summary>
public sealed record RecordingParticipantAnswer(string? Aor, string? Name, IReadOnlyList<int> Channels);
