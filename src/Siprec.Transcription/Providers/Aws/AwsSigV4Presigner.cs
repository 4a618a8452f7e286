using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Siprec.Transcription.Providers.Aws;

/// <summary>
/// Signature Version 4 presigned URLs (authentication in the query string): the canonical request signs only the
/// <c>host</c> header, the query carries <c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>, <c>X-Amz-Date</c>,
/// <c>X-Amz-Expires</c>, <c>X-Amz-SignedHeaders</c> (and <c>X-Amz-Security-Token</c> for temporary credentials) and the
/// <c>X-Amz-Signature</c> is appended.
/// </summary>
public static class AwsSigV4Presigner
{
    /// <summary>The hash of an empty payload, what a WebSocket upgrade signs.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Returns <paramref name="uri"/> (its own query kept) presigned for a GET valid <paramref name="expires"/> from <paramref name="now"/>.</summary>
    public static Uri Presign(Uri uri, string region, string service, AwsCredentials credentials, DateTimeOffset now, TimeSpan expires, string payloadHash = EmptyPayloadHash)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(credentials);
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var query = ParseQuery(uri.Query);
        query.Add(("X-Amz-Algorithm", Algorithm));
        query.Add(("X-Amz-Credential", $"{credentials.AccessKeyId}/{scope}"));
        query.Add(("X-Amz-Date", amzDate));
        query.Add(("X-Amz-Expires", ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
        if (credentials.SessionToken is { } token)
        {
            query.Add(("X-Amz-Security-Token", token));
        }

        query.Add(("X-Amz-SignedHeaders", "host"));
        var canonicalQuery = string.Join('&', query
            .Select(p => (Name: Encode(p.Name), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var canonicalRequest = string.Join(
            '\n',
            "GET",
            CanonicalPath(uri.AbsolutePath),
            canonicalQuery,
            $"host:{uri.Authority}",
            string.Empty,
            "host",
            payloadHash);
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var signature = Hex(HMACSHA256.HashData(SigningKey(credentials.SecretAccessKey, date, region, service), Encoding.UTF8.GetBytes(stringToSign)));
        return new UriBuilder(uri) { Query = $"{canonicalQuery}&X-Amz-Signature={signature}" }.Uri;
    }

    /// <summary>The SigV4 signing key for a date (<c>yyyyMMdd</c>), region and service.</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    private static List<(string Name, string Value)> ParseQuery(string query) =>
        [.. query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? (Uri.UnescapeDataString(part), string.Empty)
                : (Uri.UnescapeDataString(part[..equals]), Uri.UnescapeDataString(part[(equals + 1)..]));
        })];

    private static string CanonicalPath(string absolutePath) =>
        string.Join('/', absolutePath.Split('/').Select(segment => Encode(Uri.UnescapeDataString(segment))));

    /// <summary>RFC 3986 encoding: everything but unreserved characters, upper-case hex.</summary>
    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
