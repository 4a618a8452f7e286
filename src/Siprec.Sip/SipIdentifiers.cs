using System.Security.Cryptography;
using Siprec.Sip.Transactions;

namespace Siprec.Sip;

/// <summary>Random tags, branches and Call-IDs with enough entropy to be globally unique (RFC 3261 §19.3).</summary>
internal static class SipIdentifiers
{
    public static string NewTag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewBranch() => SipTransactionKey.MagicCookie + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
