namespace Siprec.Media.Rtp;

/// <summary>A DTMF digit received as RFC 4733 telephone-events on one stream.</summary>
/// <param name="StreamIndex">The stream's index in m-line order.</param>
/// <param name="Digit">0–9, *, #, A–D.</param>
/// <param name="SessionOffset">Start of the digit on the session clock (time since session start).</param>
/// <param name="Duration">Duration reported by the sender.</param>
/// <param name="EndSeen">False when the end packets were lost and the event was closed by the next one.</param>
public readonly record struct DtmfEvent(int StreamIndex, char Digit, TimeSpan SessionOffset, TimeSpan Duration, bool EndSeen);
