namespace Siprec.Media.Timeline;

/// <summary>
/// Maps one stream's RTP timestamps onto the session sample clock (at the recording rate).
/// The first packet lands at its arrival offset; later ones by timestamp delta, so loss and silence suppression
/// become gaps rather than shifts. Packets that arrive too late for the writer keep their place (and are dropped as
/// late) rather than moving the stream, even far past the drift bound when they follow on from the packet before (a
/// backlog drained after a stall); only a drift ahead past the bound, a lag past it that lasts, a jump or a clock
/// change re-anchors to arrival.
/// Not thread-safe: owned by the stream's receive loop.
/// </summary>
public sealed class StreamTimeline
{
    private readonly int _outputRate;
    private readonly long _maxDriftSamples;
    private bool _anchored;
    private int _clockRate;
    private long _anchorPosition;
    private long _anchorTimestamp;
    private uint _lastTimestamp;
    private long _lastExtended;
    private bool _lagging;
    private long _lagSince;

    /// <summary>Creates a timeline at <paramref name="outputRate"/> that resyncs beyond <paramref name="maxDrift"/>.</summary>
    public StreamTimeline(int outputRate, TimeSpan maxDrift)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        _outputRate = outputRate;
        _maxDriftSamples = maxDrift.Ticks * outputRate / TimeSpan.TicksPerSecond;
    }

    /// <summary>Times the mapping was re-anchored after the first packet (drift, jumps, clock-rate change, late source).</summary>
    public int Resyncs { get; private set; }

    /// <summary>Forces the next packet to be anchored at its arrival (SSRC change, stream resumed); counted as a resync.</summary>
    public void Reset()
    {
        if (_anchored)
            Resyncs++;
        _anchored = false;
    }

    /// <summary>
    /// Returns where a packet's first sample lies on the session clock.
    /// </summary>
    /// <param name="timestamp">The packet's RTP timestamp.</param>
    /// <param name="clockRate">The payload format's RTP clock rate.</param>
    /// <param name="arrivalPosition">The packet's arrival on the session clock, in output samples.</param>
    /// <param name="isNewest">The packet is the newest of its source (in sequence order); only such packets move or re-anchor the mapping.</param>
    public long Place(uint timestamp, int clockRate, long arrivalPosition, bool isNewest)
    {
        if (!_anchored || (isNewest && clockRate != _clockRate))
        {
            if (_anchored)
                Resyncs++;
            Anchor(timestamp, clockRate, arrivalPosition);
            return arrivalPosition;
        }

        long extended = _lastExtended + (int)(timestamp - _lastTimestamp);
        long position = _anchorPosition + ((extended - _anchorTimestamp) * _outputRate / _clockRate);
        if (!isNewest)
            return position;

        long step = (extended - _lastExtended) * _outputRate / _clockRate;
        _lastTimestamp = timestamp;
        _lastExtended = extended;
        long drift = position - arrivalPosition;
        if (drift >= -_maxDriftSamples)
            _lagging = false;
        else if (step >= 0 && step <= _maxDriftSamples && !LagHasLasted(arrivalPosition))
            return position;

        if (Math.Abs(drift) > _maxDriftSamples)
        {
            Resyncs++;
            Anchor(timestamp, clockRate, arrivalPosition);
            return arrivalPosition;
        }

        return position;
    }

    /// <summary>
    /// True once packets have arrived behind their place for a whole drift bound of arrival time. Packets that follow on
    /// from the last one yet arrive far behind it were held up on the way (a stalled process drains its socket's backlog
    /// in a burst): they keep their place, to be recorded or counted late by the writer. Only a lag that lasts means the
    /// sender's clock has moved, and re-anchors.
    /// </summary>
    private bool LagHasLasted(long arrivalPosition)
    {
        if (!_lagging)
        {
            _lagging = true;
            _lagSince = arrivalPosition;
        }

        return arrivalPosition - _lagSince >= _maxDriftSamples;
    }

    /// <summary>Where <paramref name="timestamp"/> lies under the current mapping, without moving it; null before the first packet.</summary>
    public long? PositionOf(uint timestamp)
    {
        if (!_anchored)
            return null;
        long extended = _lastExtended + (int)(timestamp - _lastTimestamp);
        return _anchorPosition + ((extended - _anchorTimestamp) * _outputRate / _clockRate);
    }

    /// <summary>Moves every later placement by <paramref name="samples"/> (alignment by the sender's clock).</summary>
    public void Shift(long samples) => _anchorPosition += samples;

    private void Anchor(uint timestamp, int clockRate, long arrivalPosition)
    {
        _anchored = true;
        _clockRate = clockRate;
        _anchorPosition = arrivalPosition;
        _lastTimestamp = timestamp;
        _lastExtended = timestamp;
        _anchorTimestamp = timestamp;
        _lagging = false;
    }
}
