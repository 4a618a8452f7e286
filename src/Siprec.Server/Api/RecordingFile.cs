using Siprec.Recording.Index;

namespace Siprec.Server.Api;

/// <summary>One of the files the API serves for a recording: what it is called, its route and type, and where the row names it.</summary>
/// <param name="Name">sidecar, audio or transcript, as error messages and metrics name it.</param>
/// <param name="RouteSuffix">What follows <c>/api/recordings/{id}</c>.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="FileOf">Its root-relative path in the row; null when the recording has none.</param>
public sealed record RecordingFile(string Name, string RouteSuffix, string ContentType, Func<IndexedRecording, string?> FileOf)
{
    /// <summary>The sidecar JSON.</summary>
    public static RecordingFile Sidecar { get; } = new("sidecar", string.Empty, "application/json; charset=utf-8", r => r.SidecarFile);

    /// <summary>The mixed WAV.</summary>
    public static RecordingFile Audio { get; } = new("audio", "/audio", "audio/wav", r => r.RecordingFile);

    /// <summary>The transcript, one JSON object per line.</summary>
    public static RecordingFile Transcript { get; } = new("transcript", "/transcript", "application/x-ndjson", r => r.TranscriptFile);

    /// <summary>
    /// The object key of this file of <paramref name="recording"/>: the audio's recorded key, or the same key prefix
    /// with this file's path (the uploader names every object of a recording that way); null when not uploaded.
    /// </summary>
    public string? ObjectKeyOf(IndexedRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (recording.S3Key is not { } audioKey || FileOf(recording) is not { } file)
            return null;
        if (ReferenceEquals(this, Audio))
            return audioKey;
        return audioKey.EndsWith(recording.RecordingFile, StringComparison.Ordinal)
            ? audioKey[..^recording.RecordingFile.Length] + file
            : null;
    }
}
