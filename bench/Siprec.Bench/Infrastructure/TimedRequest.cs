using System.Diagnostics;

namespace Siprec.Bench.Infrastructure;

/// <summary>One API request timed from sending to the last byte of the answer read.</summary>
/// <param name="Milliseconds">Time from sending the request to having read the whole answer.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The answer's body.</param>
public sealed record TimedRequest(double Milliseconds, int Status, byte[] Body)
{
    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> (relative to the client's base address) without a body and times it.</summary>
    public static async Task<TimedRequest> SendAsync(HttpClient http, HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(http);
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return new TimedRequest(Stopwatch.GetElapsedTime(start).TotalMilliseconds, (int)response.StatusCode, body);
    }

    /// <summary>Like <see cref="SendAsync"/>, but a status other than 2xx throws, naming the request.</summary>
    public static async Task<TimedRequest> SendSuccessfulAsync(HttpClient http, HttpMethod method, string path)
    {
        var timed = await SendAsync(http, method, path).ConfigureAwait(false);
        if (timed.Status is < 200 or > 299)
            throw new InvalidOperationException($"{method} {path}: HTTP {timed.Status}");
        return timed;
    }
}
