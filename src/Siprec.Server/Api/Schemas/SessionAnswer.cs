using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>A live session, as the OpenAPI document describes what <see cref="SessionJson"/> writes.</summary>
public sealed record SessionAnswer(
    [property: Description("The session's id: its SIP Call-ID.")] string Id,
    string CallId,
    [property: Description("The RFC 7865 recording session id.")] string? SessionId,
    DateTimeOffset StartedAt,
    [property: Description("active, ending or ended.")] string State,
    IReadOnlyList<ParticipantAnswer> Participants,
    IReadOnlyList<StreamAnswer> Streams,
    PauseStatusAnswer PauseStatus,
    [property: Description("Null when the session is not transcribed.")] TranscriptionStatusAnswer? Transcription);
