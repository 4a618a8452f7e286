namespace Siprec.Recording.Storage;

/// <summary>One pause interval, in wall-clock time and in media time of the recording file.</summary>
public sealed record SidecarPause
{
    /// <summary>api, src or policy.</summary>
    public required string Source { get; init; }

    /// <summary>Whether recording was paused.</summary>
    public bool Recording { get; init; }

    /// <summary>Whether transcription was paused.</summary>
    public bool Transcription { get; init; }

    /// <summary>skip or silence (what the file shows for the interval).</summary>
    public string? Behavior { get; init; }

    /// <summary>Operator's reason, when given.</summary>
    public string? Reason { get; init; }

    /// <summary>Short id of the API key that paused (never the key itself).</summary>
    public string? KeyId { get; init; }

    /// <summary>Wall-clock start.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall-clock end; null if the session ended while paused.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Offset in the recording file, in seconds, where the interval starts.</summary>
    public double? MediaOffsetSeconds { get; init; }

    /// <summary>Seconds of the interval present in the file (0 in skip mode).</summary>
    public double? MediaDurationSeconds { get; init; }
}
