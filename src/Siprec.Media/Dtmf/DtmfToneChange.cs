namespace Siprec.Media.Dtmf;

/// <summary>A DTMF tone found in decoded audio began or ended.</summary>
/// <param name="Started">True where the tone begins, false where it ends.</param>
/// <param name="Digit">0–9, *, #, A–D.</param>
/// <param name="SampleIndex">Where, counted in samples fed to the detector since it was created.</param>
public readonly record struct DtmfToneChange(bool Started, char Digit, long SampleIndex);
