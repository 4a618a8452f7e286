namespace Siprec.Sip.Transactions;

/// <summary>
/// Identifies a transaction (RFC 3261 §17.2.3): the top Via branch and sent-by with the method, ACK and CANCEL
/// mapping to the INVITE they refer to where asked. Pre-RFC 3261 branches use a key built from the
/// request's identifying headers instead.
/// </summary>
public readonly record struct SipTransactionKey(string Branch, string SentBy, string Method)
{
    /// <summary>The RFC 3261 magic cookie that marks a globally unique branch.</summary>
    public const string MagicCookie = "z9hG4bK";
}
