namespace Siprec.Sip.Headers;

/// <summary>One header field: its canonical name (compact forms expanded) and its value as text.</summary>
public sealed record SipHeader(string Name, string Value);
