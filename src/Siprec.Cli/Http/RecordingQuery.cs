using System.Globalization;
using System.Text;

namespace Siprec.Cli.Http;

/// <summary>Filters of <c>GET /api/recordings</c>; null ones are not sent.</summary>
public sealed record RecordingQuery(string? CallId, string? Participant, int? Limit)
{
    /// <summary>The query string, starting with <c>?</c>, or empty when no filter is set.</summary>
    public string ToQueryString()
    {
        var query = new StringBuilder();
        Append(query, "call_id", CallId);
        Append(query, "participant", Participant);
        Append(query, "limit", Limit?.ToString(CultureInfo.InvariantCulture));
        return query.ToString();
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
