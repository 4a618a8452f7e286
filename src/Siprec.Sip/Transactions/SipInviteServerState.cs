namespace Siprec.Sip.Transactions;

/// <summary>The states of an INVITE server transaction (RFC 3261 §17.2.1, with RFC 6026's Accepted).</summary>
public enum SipInviteServerState
{
    /// <summary>No final response yet.</summary>
    Proceeding,

    /// <summary>A 3xx-6xx was sent; retransmitting it (timer G) until ACK or timer H.</summary>
    Completed,

    /// <summary>The ACK for the 3xx-6xx arrived; absorbing further ACKs until timer I.</summary>
    Confirmed,

    /// <summary>A 2xx was sent; retransmitting it until the ACK arrives, absorbing INVITE retransmissions until 64*T1.</summary>
    Accepted,

    /// <summary>Finished.</summary>
    Terminated,
}
