using System.Globalization;

namespace Siprec.Cluster;

/// <summary>
/// Turns <c>redis://[user:pass@]host:port[/db]</c> and <c>rediss://</c> (TLS) URLs into the StackExchange.Redis
/// configuration form; a string in that form already (<c>127.0.0.1:6379,password=...</c>) passes through.
/// </summary>
public static class RedisConnectionString
{
    /// <summary>The StackExchange.Redis configuration string; throws <see cref="FormatException"/> when malformed.</summary>
    public static string Normalize(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var tls = value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase);
        if (!tls && !value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new FormatException("not a redis:// URL: " + value);
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var parts = new List<string> { host + ":" + port.ToString(CultureInfo.InvariantCulture) };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? string.Empty : uri.UserInfo[..colon]);
            var password = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[(colon + 1)..]);
            if (user.Length > 0)
            {
                parts.Add("user=" + user);
            }

            parts.Add("password=" + password);
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
            {
                throw new FormatException("the database of a redis:// URL is a number: " + value);
            }

            parts.Add("defaultDatabase=" + db.ToString(CultureInfo.InvariantCulture));
        }

        if (tls)
        {
            parts.Add("ssl=true");
        }

        return string.Join(',', parts);
    }
}
