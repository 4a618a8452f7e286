namespace Siprec.Server.Tests.Support;

/// <summary>A final SIP response as text: its status, its start line and headers, and its body.</summary>
public sealed record SipReply(int Status, string Headers, string Body);
