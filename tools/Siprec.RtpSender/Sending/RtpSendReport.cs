namespace Siprec.RtpSender.Sending;

/// <summary>Outcome of a send: one report per stream, in plan order.</summary>
public sealed record RtpSendReport(IReadOnlyList<RtpStreamReport> Streams, bool Cancelled);
