using System.Globalization;
using System.Text.Json;

namespace Siprec.Server.Api;

/// <summary>The timestamp format of the API, events and logs: RFC 3339 UTC to the second, like <c>2023-12-01T10:30:00Z</c>.</summary>
public static class Rfc3339
{
    // 2023-12-01T10:30:00Z: a DateTimeOffset has four-digit years only.
    private const int Length = 20;

    /// <summary>Formats in UTC with a <c>Z</c> suffix and no fractional second.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes the same text as <see cref="Format"/> as a JSON string value, without allocating it.</summary>
    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);

        // The sortable pattern ("s") is the same text up to the seconds, and has the runtime's fast path.
        Span<byte> text = stackalloc byte[Length];
        value.UtcDateTime.TryFormat(text, out var written, "s", CultureInfo.InvariantCulture);
        text[written] = (byte)'Z';
        writer.WriteString(name, text[..(written + 1)]);
    }
}
