using System.Globalization;
using Siprec.Sip.Headers;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Transactions;

/// <summary>Derives the key of the server transaction a received request belongs to (RFC 3261 §17.2.3).</summary>
internal static class SipServerTransactionKeys
{
    /// <summary>The key of <paramref name="request"/> as a request of <paramref name="method"/>; its Via and CSeq must be valid.</summary>
    public static SipTransactionKey For(SipRequest request, string method)
    {
        var via = request.TopVia()!;
        var branch = via.Branch;
        if (branch is not null && branch.StartsWith(SipTransactionKey.MagicCookie, StringComparison.Ordinal))
        {
            return new SipTransactionKey(branch, via.SentBy(), method);
        }

        // RFC 2543 peers: the request's identifying headers stand in for the branch (§17.2.3).
        var fallback = string.Join(
            '|',
            "rfc2543",
            request.RequestUri.ToString(),
            request.CallId,
            request.FromTag(),
            request.CSeq!.Number.ToString(CultureInfo.InvariantCulture),
            branch);
        return new SipTransactionKey(fallback, via.SentBy(), method);
    }
}
