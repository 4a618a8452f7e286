namespace Siprec.Media.Dtmf;

/// <summary>
/// A sign of a DTMF digit on one stream, raised as soon as it is seen: its start, each further telephone-event packet of
/// it, and its end. Carries no digit value, so that what follows it cannot store one.
/// </summary>
/// <param name="StreamIndex">The stream's index in m-line order.</param>
/// <param name="SessionOffset">Where the digit starts (or, for an end, ends) on the session clock.</param>
/// <param name="Kind">Start, continuation or end of the digit.</param>
/// <param name="Signal">How the digit was sent.</param>
public readonly record struct DtmfActivity(int StreamIndex, TimeSpan SessionOffset, DtmfActivityKind Kind, DtmfSignal Signal);
