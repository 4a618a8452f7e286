namespace Siprec.Sip.Transactions;

/// <summary>What every transaction needs from its surroundings: timer values, the clock and its owner.</summary>
internal sealed record SipTransactionRuntime(
    SipTimerOptions Timers,
    TimeProvider TimeProvider,
    ISipServerTransactionOwner Owner);
