using Microsoft.Extensions.Logging;

namespace Siprec.Sip.Transactions;

/// <summary>What every transaction needs from its surroundings: timer values, the clock, its owner and a logger.</summary>
internal sealed record SipTransactionRuntime(
    SipTimerOptions Timers,
    TimeProvider TimeProvider,
    ISipServerTransactionOwner Owner,
    ILogger Logger);
