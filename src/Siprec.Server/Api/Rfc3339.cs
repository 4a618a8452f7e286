using System.Globalization;

namespace Siprec.Server.Api;

/// <summary>The timestamp format of the API, events and logs: RFC 3339 UTC to the second, like <c>2023-12-01T10:30:00Z</c>.</summary>
public static class Rfc3339
{
    /// <summary>Formats in UTC with a <c>Z</c> suffix and no fractional second.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}
