namespace Siprec.Recording.Metadata;

/// <summary>A recorded communication session (RFC 7865 §6.3).</summary>
/// <param name="Id">The session id as sent.</param>
/// <param name="GroupId">The group the session belongs to, if sent.</param>
/// <param name="SipSessionIds">The SIP Session-ID values of the recorded call, in document order.</param>
/// <param name="StartTime">When the communication session started, if sent.</param>
/// <param name="StopTime">When the communication session stopped, if sent.</param>
public sealed record MetadataSession(
    string Id,
    string? GroupId,
    IReadOnlyList<string> SipSessionIds,
    DateTimeOffset? StartTime,
    DateTimeOffset? StopTime);
