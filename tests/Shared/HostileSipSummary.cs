namespace Siprec.Tests.Shared;

/// <summary>What a <see cref="HostileSipSender"/> sent and got back; retransmitted answers count each time.</summary>
/// <param name="Sent">Datagrams sent.</param>
/// <param name="HalfValidInvites">Of them, well-formed INVITEs never acknowledged.</param>
/// <param name="Answered2xx">2xx answers received.</param>
/// <param name="Answered4xx">4xx answers received.</param>
/// <param name="Answered5xx">5xx answers received.</param>
public sealed record HostileSipSummary(long Sent, long HalfValidInvites, long Answered2xx, long Answered4xx, long Answered5xx);
