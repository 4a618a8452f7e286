using System.ComponentModel;

namespace Siprec.Server.Api.Schemas;

/// <summary>The transcription of one stream of a session, as the OpenAPI document describes it.</summary>
public sealed record TranscriptionStreamAnswer(
    [property: Description("1-based channel of the recording.")] int Channel,
    string Label,
    string? SpeakerAor,
    string? SpeakerName,
    string State,
    long Errors,
    long Reconnects,
    long DroppedChunks,
    string? LastError);
