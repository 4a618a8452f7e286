namespace Siprec.Bench.Sip;

/// <summary>A recording call the server answered: its dialog identifiers and the RTP port of each answered stream.</summary>
/// <param name="CallId">SIP Call-ID (the server's session id).</param>
/// <param name="FromTag">Our tag.</param>
/// <param name="ToTag">The server's tag.</param>
/// <param name="MediaPorts">Answered RTP ports in m-line order (label 1, label 2).</param>
/// <param name="SetupMilliseconds">INVITE sent to 200 OK received.</param>
public sealed record AnsweredCall(string CallId, string FromTag, string ToTag, IReadOnlyList<int> MediaPorts, double SetupMilliseconds);
