using Siprec.Media.Pipeline;

namespace Siprec.Media.Timeline;

/// <summary>
/// The session sample clock between the streams and the file: a ring of 20 ms pages per channel (<see cref="TimelinePages"/>),
/// addressed by session-clock position. Streams write into it while the pause gate is open; the writer drains whole 20 ms blocks
/// behind the live edge, leaving out or silencing the paused stretches that <see cref="PauseSplices"/> places on the
/// same positions for every channel. Locks are held only for memory copies.
/// </summary>
internal sealed class SessionTimelineBuffer
{
    private readonly object _lock = new();
    private readonly IMediaGate _gate;
    private readonly DateTimeOffset _sessionStart;
    private readonly TimelinePages _pages;
    private readonly int _blockSamples;
    private readonly int _capacity;
    private readonly PauseSplices _splices;
    private readonly List<PauseTransition> _transitions = [];
    private long _written;
    private long _fileFrames;
    private bool _pausedInFile;
    private PausedAudioBehavior _pausedBehavior;

    /// <summary>Creates a buffer of <paramref name="capacity"/> for <paramref name="channels"/> channels at <paramref name="sampleRate"/>.</summary>
    public SessionTimelineBuffer(int channels, int sampleRate, TimeSpan capacity, IMediaGate gate, DateTimeOffset sessionStart)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (sampleRate % 50 != 0)
            throw new ArgumentException($"Sample rate {sampleRate} does not divide into 20 ms blocks.", nameof(sampleRate));
        _gate = gate;
        _sessionStart = sessionStart;
        SampleRate = sampleRate;
        Channels = channels;
        _blockSamples = sampleRate / 50;
        int blocks = (int)Math.Max(2, capacity.Ticks / TimeSpan.FromMilliseconds(20).Ticks);
        _capacity = blocks * _blockSamples;
        _splices = new PauseSplices(channels, sampleRate, sessionStart);
        _pages = new TimelinePages(channels, blocks, _blockSamples);
    }

    /// <summary>Samples per channel in one drained block (20 ms).</summary>
    public int BlockSamples => _blockSamples;

    /// <summary>Channel count.</summary>
    public int Channels { get; }

    /// <summary>Output sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Session-clock position up to which blocks were handed to the writer; writes before it are late.</summary>
    public long WrittenPosition => Volatile.Read(ref _written);

    /// <summary>Frames handed to the file so far (paused-and-skipped time excluded).</summary>
    public long FileFrames
    {
        get
        {
            lock (_lock)
                return _fileFrames;
        }
    }

    /// <summary>A snapshot of the pause transitions applied to the file so far.</summary>
    public IReadOnlyList<PauseTransition> GetTransitions()
    {
        lock (_lock)
            return [.. _transitions];
    }

    /// <summary>
    /// Places <paramref name="samples"/> of <paramref name="channel"/> at session-clock <paramref name="position"/>, only
    /// if the recording gate is open at this moment. Returns how many samples fell before the written position (late)
    /// or beyond the ring (overrun).
    /// </summary>
    public TimelineWriteResult Write(int channel, long position, ReadOnlySpan<short> samples)
    {
        long end = position + samples.Length;
        lock (_lock)
        {
            bool open = _splices.Observe(_gate.Current, _written);
            long start = Math.Max(position, _written);
            long limit = Math.Min(end, _written + _capacity);
            if (start < limit)
            {
                if (open)
                    _pages.Write(channel, start, samples.Slice((int)(start - position), (int)(limit - start)));
                else
                    _splices.Withhold(channel, start, limit);
            }

            int late = (int)Math.Clamp(Math.Min(_written, end) - position, 0, samples.Length);
            int overrun = (int)Math.Clamp(end - Math.Max(_written + _capacity, position), 0, samples.Length);
            return new TimelineWriteResult(late, overrun);
        }
    }

    /// <summary>Takes note of the gate's current reading, so that a pause or resume is placed even while no stream writes.</summary>
    public void ObserveGate()
    {
        lock (_lock)
            _splices.Observe(_gate.Current, _written);
    }

    /// <summary>
    /// Moves whole blocks before <paramref name="position"/> out of the ring as interleaved PCM into <paramref name="destination"/>,
    /// leaving out or silencing what is paused; returns the frames produced and sets <paramref name="more"/> when blocks remain.
    /// </summary>
    public int Drain(long position, Span<short> destination, out bool more)
    {
        int frames = 0;
        int maxBlocks = destination.Length / (_blockSamples * Channels);
        lock (_lock)
        {
            _splices.Observe(_gate.Current, _written);
            long target = position / _blockSamples * _blockSamples;
            for (int blocks = 0; _written < target && blocks < maxBlocks; blocks++)
                frames += DrainBlock(destination[(frames * Channels)..]);

            more = _written < target;
        }

        return frames;
    }

    private int DrainBlock(Span<short> destination)
    {
        int frames = 0;
        long blockEnd = _written + _blockSamples;
        for (long p = _written; p < blockEnd;)
        {
            PausedAudioBehavior? paused = _splices.At(p, blockEnd, out long until);
            if ((paused is not null) != _pausedInFile)
                RecordTransition(p, paused);
            int count = (int)(until - p);
            if (paused != PausedAudioBehavior.Skip)
            {
                Span<short> output = destination.Slice(frames * Channels, count * Channels);
                if (paused is null)
                    _pages.Interleave(p, output);
                else
                    output.Clear();
                frames += count;
                _fileFrames += count;
            }

            p = until;
        }

        _pages.Release(_written);
        Volatile.Write(ref _written, blockEnd);
        return frames;
    }

    private void RecordTransition(long position, PausedAudioBehavior? paused)
    {
        _pausedInFile = paused is not null;
        if (paused is { } behavior)
            _pausedBehavior = behavior;
        TimeSpan offset = TimeSpan.FromTicks(position * TimeSpan.TicksPerSecond / SampleRate);
        _transitions.Add(new PauseTransition(_pausedInFile, _fileFrames, offset, _sessionStart + offset, _pausedBehavior));
    }
}
