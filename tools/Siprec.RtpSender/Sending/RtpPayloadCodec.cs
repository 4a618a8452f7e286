namespace Siprec.RtpSender.Sending;

/// <summary>Audio encodings the sender can put on the wire.</summary>
public enum RtpPayloadCodec
{
    /// <summary>G.711 mu-law, static payload type 0.</summary>
    Pcmu,

    /// <summary>G.711 A-law, static payload type 8.</summary>
    Pcma,
}
