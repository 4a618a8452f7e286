namespace Siprec.RtpSender.Sending;

/// <summary>At <paramref name="At"/> (from the stream's own start) the stream restarts with <paramref name="NewSsrc"/> and fresh sequence/timestamp bases, as after an SBC failover.</summary>
public sealed record SsrcChange(TimeSpan At, uint NewSsrc);
