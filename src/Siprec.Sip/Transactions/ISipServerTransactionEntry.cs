namespace Siprec.Sip.Transactions;

/// <summary>What the server transaction table holds under a key: a transaction, or what is left of one once it sent its final response.</summary>
internal interface ISipServerTransactionEntry
{
    /// <summary>The matching key (RFC 3261 §17.2.3).</summary>
    SipTransactionKey Key { get; }

    /// <summary>Answers a retransmission of the request with the last response, if there is one.</summary>
    ValueTask OnRetransmissionAsync();

    /// <summary>Ends at once (stack shutdown), without telling the owner.</summary>
    void Abort();
}
