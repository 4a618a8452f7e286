namespace Siprec.Media.Codecs;

/// <summary>The payload formats the registry recognizes.</summary>
public enum AudioCodecKind
{
    /// <summary>An encoding name the registry does not know.</summary>
    Unknown,

    /// <summary>G.711 μ-law (<c>PCMU</c>).</summary>
    Pcmu,

    /// <summary>G.711 A-law (<c>PCMA</c>).</summary>
    Pcma,

    /// <summary>G.722 SB-ADPCM at 64 kbit/s (<c>G722/8000</c>, 16 kHz audio).</summary>
    G722,

    /// <summary>Linear 16-bit PCM in network byte order (<c>L16</c>).</summary>
    L16,

    /// <summary>Opus (<c>opus/48000/2</c>).</summary>
    Opus,

    /// <summary>G.729 (recognized, never decoded).</summary>
    G729,

    /// <summary>RFC 4733 named telephone events (DTMF), not audio.</summary>
    TelephoneEvent,

    /// <summary>RFC 3389 comfort noise; decodes to silence.</summary>
    ComfortNoise,
}
