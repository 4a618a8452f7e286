namespace Siprec.Sip.Transactions;

/// <summary>What every transaction needs from its surroundings: timer values, the clock, its owner and the traffic observer.</summary>
internal sealed record SipTransactionRuntime(
    SipTimerOptions Timers,
    TimeProvider TimeProvider,
    ISipServerTransactionOwner Owner,
    ISipTrafficObserver? Observer = null);
