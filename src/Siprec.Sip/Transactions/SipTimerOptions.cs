namespace Siprec.Sip.Transactions;

/// <summary>The RFC 3261 timer base values (§17.1.1.1) and the delay before an automatic 100 Trying.</summary>
public sealed record SipTimerOptions
{
    /// <summary>Round-trip estimate; retransmissions start here and most timeouts are 64 times it.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The cap on the retransmission interval.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a message may stay in the network; bounds timers I and K.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An INVITE still without a response after this long gets 100 Trying from the stack.</summary>
    public TimeSpan TryingDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Timer B/F/H/J and the 2xx give-up time: 64*T1.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>The next retransmission interval after <paramref name="current"/>: doubled, capped at T2.</summary>
    public TimeSpan NextInterval(TimeSpan current) => current * 2 < T2 ? current * 2 : T2;
}
