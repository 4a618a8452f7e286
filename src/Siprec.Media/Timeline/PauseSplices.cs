using Siprec.Media.Pipeline;

namespace Siprec.Media.Timeline;

/// <summary>
/// Where on the session clock the recording stops and goes on around each pause, the same for every channel. A splice
/// starts at the instant the gate changed and is moved onto the audio the gate withheld near it: the pause starts where
/// the first withheld packet of any channel starts, and recording goes on where the last withheld packet of any channel
/// ends. So no channel shows zeros for a withheld packet at either edge, and what lies between is left out (skip) or
/// written as silence. Not thread-safe: the timeline buffer calls it under its lock.
/// </summary>
internal sealed class PauseSplices
{
    private const long NoPause = long.MinValue;

    // How far a splice may move from the gate's instant: a packet of the longest usual packet time (60 ms) that was
    // in flight at the instant, or a leg placed that much off its arrival, still has its edge within reach.
    private static readonly TimeSpan Reach = TimeSpan.FromMilliseconds(60);

    private readonly DateTimeOffset _sessionStart;
    private readonly int _sampleRate;
    private readonly long _reach;
    private readonly long[] _withheldFrom;
    private readonly long[] _withheldTo;
    private readonly Queue<Splice> _splices = new(4);
    private PausedAudioBehavior? _observed;
    private PausedAudioBehavior? _current;
    private long _pendingPause = NoPause;
    private PausedAudioBehavior _pendingBehavior;
    private bool _pendingExact;
    private long _last;

    /// <summary>Creates the splices of a session of <paramref name="channels"/> at <paramref name="sampleRate"/> that started at <paramref name="sessionStart"/>.</summary>
    public PauseSplices(int channels, int sampleRate, DateTimeOffset sessionStart)
    {
        _sessionStart = sessionStart;
        _sampleRate = sampleRate;
        _reach = PositionOf(sessionStart + Reach);
        _withheldFrom = new long[channels];
        _withheldTo = new long[channels];
    }

    /// <summary>
    /// Takes note of a gate reading and places a splice when the recording's state changed, never before
    /// <paramref name="floor"/>; returns whether the recording is open.
    /// </summary>
    public bool Observe(in MediaGateDecision decision, long floor)
    {
        PausedAudioBehavior? reading = decision.RecordingOpen ? null : decision.PausedRecording;
        if (reading == _observed)
            return reading is null;

        // Whatever the gate withheld at the start of a pause has been seen by now: it was written before this change.
        FitPause(floor);
        long at = Math.Max(PositionOf(decision.RecordingChangedAt), floor);
        if (_observed is null)
        {
            Array.Fill(_withheldFrom, long.MaxValue);
            Array.Fill(_withheldTo, long.MinValue);
            _pendingPause = at;
            _pendingBehavior = reading!.Value;
            _pendingExact = decision.Backdated;
        }
        else
        {
            Add(reading is null ? FitResume(at) : at, reading, floor);
        }

        _observed = reading;
        return reading is null;
    }

    /// <summary>Takes note that the gate withheld <paramref name="channel"/>'s audio over [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public void Withhold(int channel, long start, long end)
    {
        _withheldFrom[channel] = Math.Min(_withheldFrom[channel], start);
        _withheldTo[channel] = Math.Max(_withheldTo[channel], end);
    }

    /// <summary>
    /// Applies the next splice lying at or before <paramref name="position"/> (one per call, so that the caller sees every
    /// change, even two at one position) and returns how the file shows the session clock from there up to
    /// <paramref name="until"/>, which is at most <paramref name="limit"/>: null when it records, else the paused behavior.
    /// Positions must not go back between calls.
    /// </summary>
    public PausedAudioBehavior? At(long position, long limit, out long until)
    {
        // The start of a pause must be fixed before the writer reaches the earliest place it may be moved to.
        if (_pendingPause != NoPause && _pendingPause - _reach < limit)
            FitPause(position);
        if (_splices.TryPeek(out Splice next) && next.Position <= position)
        {
            _current = next.Paused;
            _splices.Dequeue();
        }

        until = _splices.TryPeek(out next) ? Math.Clamp(next.Position, position, limit) : limit;
        return _current;
    }

    private void FitPause(long floor)
    {
        if (_pendingPause == NoPause)
            return;
        long nominal = _pendingPause;
        long start = long.MaxValue;
        for (int c = 0; c < _withheldFrom.Length && !_pendingExact; c++)
        {
            if (_withheldFrom[c] <= nominal + _reach)
                start = Math.Min(start, Math.Max(_withheldFrom[c], nominal - _reach));
        }

        _pendingPause = NoPause;
        Add(start == long.MaxValue ? nominal : start, _pendingBehavior, floor);
    }

    private long FitResume(long nominal)
    {
        long end = long.MinValue;
        for (int c = 0; c < _withheldTo.Length; c++)
        {
            if (_withheldTo[c] >= nominal - _reach)
                end = Math.Max(end, Math.Min(_withheldTo[c], nominal + _reach));
        }

        return end == long.MinValue ? nominal : end;
    }

    private void Add(long position, PausedAudioBehavior? paused, long floor)
    {
        _last = Math.Max(position, Math.Max(floor, _last));
        _splices.Enqueue(new Splice(_last, paused));
    }

    private long PositionOf(DateTimeOffset instant)
    {
        if (instant <= _sessionStart)
            return 0;

        // Split so that an instant far from the session cannot overflow the product.
        long ticks = (instant - _sessionStart).Ticks;
        return (ticks / TimeSpan.TicksPerSecond * _sampleRate) + (ticks % TimeSpan.TicksPerSecond * _sampleRate / TimeSpan.TicksPerSecond);
    }

    private readonly record struct Splice(long Position, PausedAudioBehavior? Paused);
}
