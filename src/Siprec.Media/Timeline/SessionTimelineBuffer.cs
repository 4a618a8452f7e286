using Siprec.Media.Pipeline;

namespace Siprec.Media.Timeline;

/// <summary>
/// The session sample clock between the streams and the file: one ring of samples per channel, addressed by
/// session-clock position, cut into 20 ms blocks that each carry one pause-gate decision shared by every channel.
/// Streams write into it; the writer drains whole blocks behind the live edge. Locks are held only for memory copies.
/// </summary>
internal sealed class SessionTimelineBuffer
{
    private const byte Unknown = 0;
    private const byte Open = 1;
    private const byte ClosedSkip = 2;
    private const byte ClosedSilence = 3;

    private readonly object _lock = new();
    private readonly IMediaGate _gate;
    private readonly DateTimeOffset _sessionStart;
    private readonly short[][] _rings;
    private readonly long[] _blockIds;
    private readonly byte[] _blockStates;
    private readonly int _blockSamples;
    private readonly int _capacity;
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
        _blockIds = new long[blocks];
        Array.Fill(_blockIds, -1);
        _blockStates = new byte[blocks];
        _rings = new short[channels][];
        for (int c = 0; c < channels; c++)
            _rings[c] = new short[_capacity];
    }

    /// <summary>Samples per channel in one gate block (20 ms).</summary>
    public int BlockSamples => _blockSamples;

    /// <summary>Channel count.</summary>
    public int Channels { get; }

    /// <summary>Output sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Session-clock position up to which blocks were handed to the writer; writes before it are late.</summary>
    public long WrittenPosition => Volatile.Read(ref _written);

    /// <summary>Frames handed to the file so far (paused-and-skipped blocks excluded).</summary>
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
    /// Places <paramref name="samples"/> of <paramref name="channel"/> at session-clock <paramref name="position"/>.
    /// Blocks whose gate decision is closed, and everything while the gate is closed now, are not copied.
    /// Returns how many samples fell before the written position (late) or beyond the ring (overrun).
    /// </summary>
    public TimelineWriteResult Write(int channel, long position, ReadOnlySpan<short> samples)
    {
        MediaGateDecision decision = _gate.Current;
        long end = position + samples.Length;
        lock (_lock)
        {
            long start = Math.Max(position, _written);
            long limit = Math.Min(end, _written + _capacity);
            short[] ring = _rings[channel];
            for (long p = start; p < limit;)
            {
                long block = p / _blockSamples;
                long blockEnd = Math.Min((block + 1) * _blockSamples, limit);
                if (StateOf(block, decision) == Open && decision.RecordingOpen)
                    samples.Slice((int)(p - position), (int)(blockEnd - p)).CopyTo(ring.AsSpan((int)(p % _capacity)));
                p = blockEnd;
            }

            int late = (int)Math.Clamp(Math.Min(_written, end) - position, 0, samples.Length);
            int overrun = (int)Math.Clamp(end - Math.Max(_written + _capacity, position), 0, samples.Length);
            return new TimelineWriteResult(late, overrun);
        }
    }

    /// <summary>Fixes the gate decision of every still-undecided block that started before <paramref name="position"/> to the gate's current reading.</summary>
    public void DecideGateUpTo(long position)
    {
        if (position <= 0)
            return;
        MediaGateDecision decision = _gate.Current;
        lock (_lock)
        {
            long last = Math.Min((position - 1) / _blockSamples, ((_written + _capacity) / _blockSamples) - 1);
            for (long block = _written / _blockSamples; block <= last; block++)
                StateOf(block, decision);
        }
    }

    /// <summary>
    /// Moves whole blocks before <paramref name="position"/> out of the ring as interleaved PCM into <paramref name="destination"/>,
    /// applying each block's gate decision; returns the frames produced and sets <paramref name="more"/> when blocks remain.
    /// </summary>
    public int Drain(long position, Span<short> destination, out bool more)
    {
        MediaGateDecision decision = _gate.Current;
        int frames = 0;
        int maxBlocks = destination.Length / (_blockSamples * Channels);
        lock (_lock)
        {
            long target = position / _blockSamples * _blockSamples;
            int blocks = 0;
            while (_written < target && blocks < maxBlocks)
            {
                long block = _written / _blockSamples;
                byte state = StateOf(block, decision);
                int slot = (int)(_written % _capacity);
                bool open = state == Open;
                if (open == _pausedInFile)
                {
                    if (!open)
                        _pausedBehavior = state == ClosedSkip ? PausedAudioBehavior.Skip : PausedAudioBehavior.Silence;
                    RecordTransition(!open, _pausedBehavior);
                }

                if (state != ClosedSkip)
                {
                    Span<short> output = destination.Slice(frames * Channels, _blockSamples * Channels);
                    if (open)
                        Interleave(slot, output);
                    else
                        output.Clear();
                    frames += _blockSamples;
                    _fileFrames += _blockSamples;
                }

                for (int c = 0; c < Channels; c++)
                    _rings[c].AsSpan(slot, _blockSamples).Clear();
                _blockIds[block % _blockIds.Length] = -1;
                blocks++;
                Volatile.Write(ref _written, _written + _blockSamples);
            }

            more = _written < target;
        }

        return frames;
    }

    private void Interleave(int slot, Span<short> output)
    {
        int channels = Channels;
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<short> source = _rings[c].AsSpan(slot, _blockSamples);
            for (int i = 0; i < source.Length; i++)
                output[(i * channels) + c] = source[i];
        }
    }

    private void RecordTransition(bool paused, PausedAudioBehavior behavior)
    {
        _pausedInFile = paused;
        TimeSpan offset = TimeSpan.FromTicks(_written * TimeSpan.TicksPerSecond / SampleRate);
        _transitions.Add(new PauseTransition(paused, _fileFrames, offset, _sessionStart + offset, behavior));
    }

    private byte StateOf(long block, MediaGateDecision decision)
    {
        int slot = (int)(block % _blockIds.Length);
        if (_blockIds[slot] != block)
        {
            _blockIds[slot] = block;
            _blockStates[slot] = decision.RecordingOpen ? Open
                : decision.PausedRecording == PausedAudioBehavior.Skip ? ClosedSkip : ClosedSilence;
        }

        return _blockStates[slot];
    }
}
