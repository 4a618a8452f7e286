namespace Siprec.RtpSender.Sending;

/// <summary>An RFC 4733 telephone-event sent at <paramref name="At"/> (from the stream's own start) for <paramref name="Duration"/>; audio is replaced meanwhile.</summary>
public sealed record DtmfEvent(TimeSpan At, byte Event, TimeSpan Duration);
