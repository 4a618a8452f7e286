using System.Collections.Concurrent;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Transactions;

/// <summary>The client transactions in flight (the BYEs this side sends), matched to the responses that come back.</summary>
internal sealed class SipClientTransactionTable
{
    private readonly ConcurrentDictionary<SipTransactionKey, SipNonInviteClientTransaction> _transactions = new();

    /// <summary>Starts matching responses to <paramref name="transaction"/>.</summary>
    public void Add(SipNonInviteClientTransaction transaction) => _transactions[transaction.Key] = transaction;

    /// <summary>Forgets <paramref name="transaction"/> once it has terminated.</summary>
    public void Remove(SipNonInviteClientTransaction transaction) =>
        _transactions.TryRemove(new KeyValuePair<SipTransactionKey, SipNonInviteClientTransaction>(transaction.Key, transaction));

    /// <summary>Hands a received response to its transaction; a response nobody waits for is dropped (§17.1.3).</summary>
    public void OnResponse(SipResponse response)
    {
        var branch = response.TopVia()?.Branch;
        var method = response.CSeq?.Method;
        if (branch is null || method is null)
        {
            return;
        }

        if (_transactions.TryGetValue(new SipTransactionKey(branch, string.Empty, method), out var transaction))
        {
            transaction.OnResponse(response);
        }
    }

    /// <summary>Ends every transaction and forgets them all.</summary>
    public void AbortAll()
    {
        foreach (var transaction in _transactions.Values)
        {
            transaction.Abort();
        }

        _transactions.Clear();
    }
}
