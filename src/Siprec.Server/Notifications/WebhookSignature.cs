using System.Security.Cryptography;
using System.Text;

namespace Siprec.Server.Notifications;

/// <summary>The <c>X-Siprec-Signature</c> value: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body.</summary>
public static class WebhookSignature
{
    /// <summary>Header carrying the signature.</summary>
    public const string HeaderName = "X-Siprec-Signature";

    /// <summary>Computes the header value for a body.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
