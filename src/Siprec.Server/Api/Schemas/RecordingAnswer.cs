using System.ComponentModel;
using Siprec.Recording.Storage;

namespace Siprec.Server.Api.Schemas;

/// <summary>A finished recording, as the OpenAPI document describes what <see cref="RecordingJson"/> writes.</summary>
public sealed record RecordingAnswer(
    [property: Description("The recording's id in the index: its file name stem.")] string Id,
    [property: Description("The node that recorded it and holds its files; null on a single node.")] string? Node,
    string CallId,
    [property: Description("The RFC 7865 recording session id.")] string? SessionId,
    DateTimeOffset StartedAt,
    [property: Description("Null when the call's end was never recorded (for example after a crash).")] DateTimeOffset? EndedAt,
    double? DurationSeconds,
    [property: Description("bye, rtp_timeout, shutdown or dialog_failed.")] string? EndReason,
    [property: Description("Relative to the recording directory, with '/'.")] string RecordingFile,
    string SidecarFile,
    string? TranscriptFile,
    IReadOnlyList<string> StreamFiles,
    IReadOnlyList<RecordingParticipantAnswer> Participants,
    IReadOnlyList<RecordingStreamAnswer> Streams,
    [property: Description("End-of-call steps that failed, as the final sidecar lists them; empty when none did.")] IReadOnlyList<SidecarError> Errors,
    [property: Description("When the upload to object storage was confirmed.")] DateTimeOffset? UploadedAt,
    string? S3Key,
    [property: Description("True while under legal hold: retention never deletes it.")] bool Held,
    [property: Description("Where the WAV is served.")] string AudioUrl);
