using System.Text.Json.Serialization;

namespace Siprec.Recording.Storage;

/// <summary>The JSON document written next to each recording: who, what, when, and where every pause and gap lies.</summary>
public sealed record SessionSidecar
{
    /// <summary>SIP Call-ID of the recording session (the session's id everywhere).</summary>
    public required string CallId { get; init; }

    /// <summary>RFC 7865 recording session id, when the SRC sent metadata.</summary>
    public string? SessionId { get; init; }

    /// <summary>File name of the WAV, relative to the sidecar's folder.</summary>
    public required string RecordingFile { get; init; }

    /// <summary>File name of the transcript, relative to the sidecar's folder, when transcription ran.</summary>
    public string? TranscriptFile { get; init; }

    /// <summary>Separate mono files per stream, when enabled.</summary>
    public IReadOnlyList<string> StreamFiles { get; init; } = [];

    /// <summary>When the session started (the INVITE was answered).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the session ended; null while it is live.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why it ended: bye, rtp_timeout, shutdown, dialog_failed.</summary>
    public string? EndReason { get; init; }

    /// <summary>Sample rate of the WAV.</summary>
    public int SampleRate { get; init; }

    /// <summary>How API pauses appear in the file: skip or silence.</summary>
    public string? PauseBehavior { get; init; }

    /// <summary>Participants from the recording metadata, with the channels that carry their voice.</summary>
    public IReadOnlyList<SidecarParticipant> Participants { get; init; } = [];

    /// <summary>One entry per stream, in m-line order (= WAV channel order).</summary>
    public IReadOnlyList<SidecarStream> Streams { get; init; } = [];

    /// <summary>Every pause interval, from the API, the SRC (a=inactive) or policy.</summary>
    public IReadOnlyList<SidecarPause> Pauses { get; init; } = [];

    /// <summary>DTMF digits received as RFC 4733 telephone-events.</summary>
    public IReadOnlyList<SidecarDtmf> DtmfEvents { get; init; } = [];

    /// <summary>
    /// End-of-call steps that failed (the recording is then incomplete in the way each says); absent when none failed,
    /// so the document of a clean call is unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SidecarError>? Errors { get; init; }
}
