using Siprec.Sip.Refusals;

namespace Siprec.Sip.Transactions;

/// <summary>What every transaction needs from its surroundings: timer values, the clock, its owner, the traffic observer and the refusal reporter.</summary>
internal sealed record SipTransactionRuntime(
    SipTimerOptions Timers,
    TimeProvider TimeProvider,
    ISipServerTransactionOwner Owner,
    ISipTrafficObserver? Observer = null,
    SipRefusalReporter? Refusals = null);
