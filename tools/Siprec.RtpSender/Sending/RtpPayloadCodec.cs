namespace Siprec.RtpSender.Sending;

/// <summary>Audio encodings the sender can put on the wire; the source audio is always 8 kHz and is resampled where the codec needs it.</summary>
public enum RtpPayloadCodec
{
    /// <summary>G.711 mu-law, static payload type 0.</summary>
    Pcmu,

    /// <summary>G.711 A-law, static payload type 8.</summary>
    Pcma,

    /// <summary>G.722 (16 kHz audio, RTP clock 8000 per RFC 3551), static payload type 9.</summary>
    G722,

    /// <summary>Opus mono (RTP clock 48000, RFC 7587), dynamic payload type 111 unless told otherwise.</summary>
    Opus,

    /// <summary>Linear PCM16 big-endian at 8000 Hz (L16/8000), dynamic payload type 96 unless told otherwise.</summary>
    L16,
}
