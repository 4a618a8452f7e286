namespace Siprec.Media.Dtmf;

/// <summary>How a DTMF digit reached the recorder.</summary>
public enum DtmfSignal
{
    /// <summary>RFC 4733 telephone-event packets.</summary>
    TelephoneEvent,

    /// <summary>Dual tones in the audio itself (G.711 and other 8 kHz codecs).</summary>
    InBand,
}
