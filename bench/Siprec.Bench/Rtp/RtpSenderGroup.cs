namespace Siprec.Bench.Rtp;

/// <summary>
/// Several <see cref="RtpLoadSender"/>s, each on its own socket and thread, sharing the streams in contiguous slices,
/// for loads one thread cannot pace. Stream indexes are global across the group.
/// </summary>
public sealed class RtpSenderGroup : IDisposable
{
    private readonly RtpLoadSender[] _senders;
    private readonly int[] _offsets;

    /// <summary>
    /// Splits <paramref name="ports"/> over <paramref name="threads"/> senders; the first binds <paramref name="localPort"/>.
    /// Groups built with the same <paramref name="epoch"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp)
    /// continue each other's streams on the ports they share. The sending threads run at nice <paramref name="nice"/>.
    /// </summary>
    public RtpSenderGroup(IReadOnlyList<int> ports, int localPort, int threads, long epoch, int nice = 0)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var slice = (ports.Count + threads - 1) / threads;
        var senders = new List<RtpLoadSender>();
        var offsets = new List<int>();
        for (var start = 0; start < ports.Count; start += slice)
        {
            offsets.Add(start);
            senders.Add(new RtpLoadSender(ports.Skip(start).Take(slice).ToArray(), senders.Count == 0 ? localPort : 0, epoch, nice));
        }
        _senders = [.. senders];
        _offsets = [.. offsets];
    }

    /// <summary>Threads used for <paramref name="streams"/>: one paces up to 1,000 streams (50,000 packets/s), two beyond.</summary>
    public static int ThreadsFor(int streams) => streams > 1000 ? 2 : 1;

    /// <summary>Number of sending threads.</summary>
    public int Threads => _senders.Length;

    /// <summary>Switches the stream to the marker payload (true) or back to the normal one.</summary>
    public void SetMarked(int stream, bool marked) => Locate(stream, out var local).SetMarked(local, marked);

    /// <summary>Marker packets sent so far on the stream.</summary>
    public long MarkedSent(int stream) => Locate(stream, out var local).MarkedSent(local);

    /// <summary>Packets sent so far on the stream.</summary>
    public long Sent(int stream) => Locate(stream, out var local).Sent(local);

    /// <summary>Packets sent so far on every stream.</summary>
    public long TotalSent()
    {
        long total = 0;
        foreach (var sender in _senders)
        {
            for (var s = 0; s < sender.Streams; s++)
                total += sender.Sent(s);
        }
        return total;
    }

    /// <summary>Runs every sender in <paramref name="mode"/> for <paramref name="duration"/> at once and sums what they achieved.</summary>
    public async Task<RtpSendSummary> RunAsync(TimeSpan duration, RtpSendMode mode, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(_senders.Select(s => s.RunAsync(duration, mode, cancellationToken))).ConfigureAwait(false);
        return new RtpSendSummary(
            results.Sum(r => r.Streams),
            results.Sum(r => r.Packets),
            results.Max(r => r.Elapsed),
            results.Sum(r => r.LateTicks));
    }

    /// <summary>Closes every sender's socket.</summary>
    public void Dispose()
    {
        foreach (var sender in _senders)
            sender.Dispose();
    }

    private RtpLoadSender Locate(int stream, out int local)
    {
        var i = Array.FindLastIndex(_offsets, o => o <= stream);
        local = stream - _offsets[i];
        return _senders[i];
    }
}
