namespace Siprec.Sip.Transport;

/// <summary>The transport protocol a SIP message travelled over.</summary>
public enum SipTransportKind
{
    /// <summary>Datagrams; unreliable, retransmissions are the transaction layer's job.</summary>
    Udp,

    /// <summary>A TCP stream; reliable, messages framed by Content-Length.</summary>
    Tcp,

    /// <summary>TCP wrapped in TLS; reliable, framed like TCP.</summary>
    Tls,
}
