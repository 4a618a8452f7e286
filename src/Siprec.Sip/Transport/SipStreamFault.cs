namespace Siprec.Sip.Transport;

/// <summary>
/// Why bytes on a TCP or TLS connection, or a UDP datagram, could not be read as SIP: the fixed label it is counted
/// under, the status a request is answered with where it can be, and the detail for the log.
/// </summary>
public sealed record SipStreamFault(string Reason, int StatusCode, string Detail);
