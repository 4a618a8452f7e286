using Siprec.Media.Engine;

namespace Siprec.Recording.Srs;

/// <summary>What a finished call leaves behind: why it ended, how long it lasted, its streams' counters and its WAV file.</summary>
public sealed record SrsCallSummary(
    string SessionId,
    SrsCallEndReason Reason,
    TimeSpan Duration,
    IReadOnlyList<RtpStreamStats> Streams,
    string AudioPath,
    long AudioBytes);
