namespace Siprec.Media.Engine;

/// <summary>The negotiated RFC 4733 telephone-event payload type.</summary>
/// <param name="PayloadType">The dynamic payload type number.</param>
/// <param name="ClockRate">Its RTP clock rate (usually 8000).</param>
public sealed record TelephoneEventFormat(int PayloadType, int ClockRate = 8000);
