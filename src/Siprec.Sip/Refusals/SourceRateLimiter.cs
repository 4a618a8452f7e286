using System.Collections.Concurrent;
using System.Net;

namespace Siprec.Sip.Refusals;

/// <summary>
/// Lets the first few events of each source address through per window and counts the rest; once a window ends, each
/// source with events held back is handed to the summary callback with their count. Runs on the injected clock.
/// </summary>
internal sealed class SourceRateLimiter : IDisposable
{
    /// <summary>Sources tracked at once; past it, new sources share one entry so a spoofed flood cannot grow memory.</summary>
    private const int MaxSources = 4096;

    private static readonly IPAddress Overflow = IPAddress.None;

    private readonly ConcurrentDictionary<IPAddress, Counts> _sources = new();
    private readonly int _burst;
    private readonly Action<IPAddress, int> _summary;
    private readonly ITimer _timer;

    /// <summary>Passes <paramref name="burst"/> events per source each <paramref name="window"/>; <paramref name="summary"/> gets (source, held back).</summary>
    public SourceRateLimiter(int burst, TimeSpan window, TimeProvider time, Action<IPAddress, int> summary)
    {
        _burst = burst;
        _summary = summary;
        _timer = time.CreateTimer(static s => ((SourceRateLimiter)s!).EndWindow(), this, window, window);
    }

    /// <summary>True when the event from <paramref name="source"/> is to be reported in full; false when it was only counted.</summary>
    public bool TryPass(IPAddress source)
    {
        if (!_sources.ContainsKey(source) && _sources.Count >= MaxSources)
            source = Overflow;
        var counts = _sources.GetOrAdd(source, static _ => new Counts());
        return Interlocked.Increment(ref counts.Seen) <= _burst;
    }

    public void Dispose() => _timer.Dispose();

    private void EndWindow()
    {
        foreach (var (source, counts) in _sources)
        {
            var seen = Interlocked.Exchange(ref counts.Seen, 0);
            if (seen == 0)
                _sources.TryRemove(new KeyValuePair<IPAddress, Counts>(source, counts));
            else if (seen > _burst)
                _summary(source, seen - _burst);
        }
    }

    private sealed class Counts
    {
        public int Seen;
    }
}
