namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>SIPp transport modes used by the tests.</summary>
public enum SippTransport
{
    /// <summary>One UDP socket for all calls (<c>-t u1</c>).</summary>
    Udp,

    /// <summary>One TCP connection for all calls (<c>-t t1</c>).</summary>
    Tcp,
}
