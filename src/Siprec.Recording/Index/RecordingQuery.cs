namespace Siprec.Recording.Index;

/// <summary>Filters and page of a recordings listing; every filter is optional and they combine with AND.</summary>
public sealed record RecordingQuery
{
    /// <summary>Largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Exact SIP Call-ID.</summary>
    public string? CallId { get; init; }

    /// <summary>Exact RFC 7865 session id.</summary>
    public string? SessionId { get; init; }

    /// <summary>Case-insensitive substring of a participant's aor or name.</summary>
    public string? Participant { get; init; }

    /// <summary>Only sessions started at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only sessions started at or before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Page size, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>Rows to skip, newest first.</summary>
    public int Offset { get; init; }
}
