namespace Siprec.Bench.Rtp;

/// <summary>How a sender places each stream's packet within a 20 ms tick.</summary>
public enum RtpSendMode
{
    /// <summary>The streams spread over ten 2 ms slices of the tick, as independent calls have independent phases.</summary>
    Spread,

    /// <summary>Every stream's packet of the tick sent back to back at the tick's start, then idle until the next tick.</summary>
    Burst,
}
