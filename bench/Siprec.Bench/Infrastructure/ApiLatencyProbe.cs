using Siprec.Bench.Reporting;

namespace Siprec.Bench.Infrastructure;

/// <summary>
/// Times API requests at a steady pace while something else loads the server, as an operator's console would poll it:
/// one request per interval, cycling through the given paths, each timed with <see cref="TimedRequest"/>.
/// </summary>
public sealed class ApiLatencyProbe
{
    private readonly HttpClient _http;
    private readonly IReadOnlyList<string> _paths;
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, List<double>> _times;
    private int _failures;

    /// <summary>A probe sending GET <paramref name="paths"/> in turn, one every <paramref name="interval"/>.</summary>
    public ApiLatencyProbe(HttpClient http, IReadOnlyList<string> paths, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _http = http;
        _paths = paths;
        _interval = interval;
        _times = paths.ToDictionary(p => p, _ => new List<double>(), StringComparer.Ordinal);
    }

    /// <summary>Answers other than 2xx, and requests that failed or timed out.</summary>
    public int Failures => _failures;

    /// <summary>Sends requests until <paramref name="duration"/> has passed; a request still running then is awaited and counted.</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        using var timer = new PeriodicTimer(_interval);
        using var stop = new CancellationTokenSource(duration);
        var next = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                var path = _paths[next++ % _paths.Count];
                try
                {
                    var timed = await TimedRequest.SendAsync(_http, HttpMethod.Get, path).ConfigureAwait(false);
                    if (timed.Status is >= 200 and <= 299)
                        _times[path].Add(timed.Milliseconds);
                    else
                        _failures++;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    _failures++;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The duration is over.
        }
    }

    /// <summary>The latency of the successful requests to <paramref name="path"/>.</summary>
    public LatencyDistribution Latency(string path) => LatencyDistribution.Of(_times[path]);
}
