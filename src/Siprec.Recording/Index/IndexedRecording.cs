using Siprec.Recording.Storage;

namespace Siprec.Recording.Index;

/// <summary>One finalized recording as the index knows it; file paths are relative to the recording root, with '/'.</summary>
public sealed record IndexedRecording
{
    /// <summary>Id in the index and the API: the file name stem, made unique with the date when two days share it.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>Id of the node that recorded it and holds its files; null on a single node.</summary>
    public string? Node { get; init; }

    /// <summary>SIP Call-ID of the session.</summary>
    public required string CallId { get; init; }

    /// <summary>RFC 7865 recording session id, when known.</summary>
    public string? SessionId { get; init; }

    /// <summary>The sidecar JSON, relative to the recording root.</summary>
    public required string SidecarFile { get; init; }

    /// <summary>The WAV, relative to the recording root.</summary>
    public required string RecordingFile { get; init; }

    /// <summary>The transcript, relative to the recording root, when one was written.</summary>
    public string? TranscriptFile { get; init; }

    /// <summary>Per-stream WAVs, relative to the recording root.</summary>
    public IReadOnlyList<string> StreamFiles { get; init; } = [];

    /// <summary>When the session started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended; null when its final sidecar was never written (for example after a crash).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Seconds from start to end, when ended.</summary>
    public double? DurationSeconds => EndedAt is { } end ? (end - StartedAt).TotalSeconds : null;

    /// <summary>bye, rtp_timeout, shutdown or dialog_failed.</summary>
    public string? EndReason { get; init; }

    /// <summary>Participants with their aor, name and channels.</summary>
    public IReadOnlyList<SidecarParticipant> Participants { get; init; } = [];

    /// <summary>Streams with label, codec and reception statistics.</summary>
    public IReadOnlyList<SidecarStream> Streams { get; init; } = [];

    /// <summary>
    /// End-of-call steps that failed, as the final sidecar lists them; a final sidecar that could not be written is one
    /// of them (step <c>sidecar</c>), and the index then holds what the file would have said.
    /// </summary>
    public IReadOnlyList<SidecarError> Errors { get; init; } = [];

    /// <summary>When the upload to object storage was confirmed.</summary>
    public DateTimeOffset? UploadedAt { get; init; }

    /// <summary>Object key of the uploaded WAV.</summary>
    public string? S3Key { get; init; }

    /// <summary>Under legal hold: retention never deletes it.</summary>
    public bool Held { get; init; }
}
