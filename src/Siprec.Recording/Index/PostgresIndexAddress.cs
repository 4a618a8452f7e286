using System.Globalization;
using Npgsql;

namespace Siprec.Recording.Index;

/// <summary>
/// Reads <c>RECORDING_INDEX_URL</c>: a <c>postgres://</c> or <c>postgresql://</c> URL
/// (<c>user:password@host:port/database?sslmode=require</c>) or an Npgsql connection string (<c>Host=...;Database=...</c>).
/// </summary>
public static class PostgresIndexAddress
{
    private static readonly string[] Schemes = ["postgres", "postgresql"];

    /// <summary>True when <paramref name="text"/> is a postgres URL or a connection string rather than anything else.</summary>
    public static bool IsPostgres(string text) =>
        !string.IsNullOrWhiteSpace(text)
        && (Schemes.Any(s => text.StartsWith(s + "://", StringComparison.OrdinalIgnoreCase)) || (text.Contains('=', StringComparison.Ordinal) && !text.Contains("://", StringComparison.Ordinal)));

    /// <summary>The Npgsql connection string of <paramref name="text"/>; <see cref="FormatException"/> saying what is wrong when it is not one.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new FormatException("not a valid Npgsql connection string: " + ex.Message, ex);
            }
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
            throw new FormatException("expected postgres://user:password@host:port/database");
        if (string.IsNullOrEmpty(uri.Host))
            throw new FormatException("the URL names no host");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
            throw new FormatException("the URL must name one database as its path, as in postgres://host/siprec");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (name)
            {
                case "sslmode":
                    builder.SslMode = Enum.TryParse<SslMode>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var mode)
                        ? mode : throw new FormatException($"unknown sslmode '{value}'");
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? seconds : throw new FormatException($"connect_timeout '{value}' is not a number of seconds");
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                default:
                    throw new FormatException($"unknown URL parameter '{name}' (known: sslmode, connect_timeout, application_name)");
            }
        }

        return builder;
    }

    /// <summary>The address of <paramref name="builder"/> without its password, for logs and the configuration report.</summary>
    public static string Redacted(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var user = string.IsNullOrEmpty(builder.Username) ? string.Empty : Uri.EscapeDataString(builder.Username) + "@";
        var host = builder.Host?.Contains(':', StringComparison.Ordinal) == true ? $"[{builder.Host}]" : builder.Host;
        return string.Create(CultureInfo.InvariantCulture, $"postgres://{user}{host}:{builder.Port}/{builder.Database}");
    }
}
