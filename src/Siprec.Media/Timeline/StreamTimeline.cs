namespace Siprec.Media.Timeline;

/// <summary>
/// Maps one stream's RTP timestamps onto the session sample clock (at the recording rate).
/// The first packet lands at its arrival offset; later ones by timestamp delta, so loss and silence suppression
/// become gaps rather than shifts. Packets that arrive too late for the writer keep their place (and are dropped as
/// late) rather than moving the stream; only a drift past the bound, a jump or a clock change re-anchors to arrival.
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

        _lastTimestamp = timestamp;
        _lastExtended = extended;
        if (Math.Abs(position - arrivalPosition) > _maxDriftSamples)
        {
            Resyncs++;
            Anchor(timestamp, clockRate, arrivalPosition);
            return arrivalPosition;
        }

        return position;
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
    }
}
