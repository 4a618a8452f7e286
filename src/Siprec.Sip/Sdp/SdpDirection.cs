namespace Siprec.Sip.Sdp;

/// <summary>The media direction attribute (RFC 4566 §6, RFC 3264 §5.1).</summary>
public enum SdpDirection
{
    /// <summary><c>a=sendrecv</c>, the default.</summary>
    SendRecv,
    /// <summary><c>a=sendonly</c>.</summary>
    SendOnly,
    /// <summary><c>a=recvonly</c>.</summary>
    RecvOnly,
    /// <summary><c>a=inactive</c>.</summary>
    Inactive,
}
