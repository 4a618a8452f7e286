using Siprec.Transcription.Feed;

namespace Siprec.Transcription;

/// <summary>
/// Transcription counters for the server to export: audio seconds sent, results, errors, reconnects, dropped audio and
/// provider latency (end of the audio of a final result to its arrival); and two levels, the audio chunks queued for
/// providers and the feeds in each state. Thread-safe; shared by all feeds.
/// </summary>
public sealed class TranscriptionMetrics
{
    private long _audioMicroseconds;
    private long _finalResults;
    private long _interimResults;
    private long _errors;
    private long _reconnects;
    private long _droppedChunks;
    private long _latencyCount;
    private long _latencyMicroseconds;
    private long _queuedChunks;
    private readonly long[] _feedsByState = new long[Enum.GetValues<TranscriptionFeedState>().Length];

    /// <summary>Raised for each latency observation (provider name, latency); handlers must be quick and not throw.</summary>
    public event Action<string, TimeSpan>? LatencyObserved;

    /// <summary>Raised for each provider error (provider name, error); handlers must be quick and not throw.</summary>
    public event Action<string, Exception>? ErrorObserved;

    /// <summary>Seconds of audio sent to providers.</summary>
    public double AudioSecondsSent => Interlocked.Read(ref _audioMicroseconds) / 1e6;

    /// <summary>Final results received.</summary>
    public long FinalResults => Interlocked.Read(ref _finalResults);

    /// <summary>Interim results received.</summary>
    public long InterimResults => Interlocked.Read(ref _interimResults);

    /// <summary>Provider errors (failed connects and broken streams).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Reconnect attempts after an error.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Audio chunks dropped because a provider was slow or unreachable.</summary>
    public long DroppedChunks => Interlocked.Read(ref _droppedChunks);

    /// <summary>
    /// Audio chunks queued in every feed for a provider that has not taken them yet (each feed holds a bounded number); a
    /// chunk the pump takes before its writer has counted it can make the sum dip for a moment, so it is read as at least zero.
    /// </summary>
    public long QueuedChunks => Math.Max(0, Interlocked.Read(ref _queuedChunks));

    /// <summary>Feeds now in <paramref name="state"/>; completed feeds are not counted.</summary>
    public long FeedsIn(TranscriptionFeedState state) => Interlocked.Read(ref _feedsByState[(int)state]);

    /// <summary>Number of latency observations.</summary>
    public long LatencyCount => Interlocked.Read(ref _latencyCount);

    /// <summary>Sum of observed latencies, in seconds.</summary>
    public double LatencySumSeconds => Interlocked.Read(ref _latencyMicroseconds) / 1e6;

    /// <summary>Counts audio sent.</summary>
    public void RecordAudioSent(TimeSpan duration) => Interlocked.Add(ref _audioMicroseconds, (long)(duration.Ticks / 10.0));

    /// <summary>Counts one result.</summary>
    public void RecordResult(bool isFinal)
    {
        if (isFinal)
        {
            Interlocked.Increment(ref _finalResults);
        }
        else
        {
            Interlocked.Increment(ref _interimResults);
        }
    }

    /// <summary>Counts one provider error.</summary>
    public void RecordError(string provider, Exception error)
    {
        Interlocked.Increment(ref _errors);
        ErrorObserved?.Invoke(provider, error);
    }

    /// <summary>Counts one reconnect attempt.</summary>
    public void RecordReconnect() => Interlocked.Increment(ref _reconnects);

    /// <summary>Counts one dropped audio chunk.</summary>
    public void RecordDroppedChunk() => Interlocked.Increment(ref _droppedChunks);

    /// <summary>Counts <paramref name="delta"/> chunks entering (positive) or leaving (negative) a feed's queue.</summary>
    public void RecordQueuedChunks(int delta) => Interlocked.Add(ref _queuedChunks, delta);

    /// <summary>Moves one feed from <paramref name="from"/> (null for a new feed) to <paramref name="to"/>.</summary>
    public void RecordFeedState(TranscriptionFeedState? from, TranscriptionFeedState to)
    {
        if (from is { } previous and not TranscriptionFeedState.Completed)
        {
            Interlocked.Decrement(ref _feedsByState[(int)previous]);
        }

        if (to is not TranscriptionFeedState.Completed)
        {
            Interlocked.Increment(ref _feedsByState[(int)to]);
        }
    }

    /// <summary>Records the latency of one final result.</summary>
    public void RecordLatency(string provider, TimeSpan latency)
    {
        Interlocked.Increment(ref _latencyCount);
        Interlocked.Add(ref _latencyMicroseconds, (long)(latency.Ticks / 10.0));
        LatencyObserved?.Invoke(provider, latency);
    }
}
