namespace Siprec.Media.Rtp;

/// <summary>Interarrival jitter estimate of RFC 3550 A.8, in timestamp units. Not thread-safe.</summary>
public sealed class RtpJitterEstimator
{
    private bool _hasPrevious;
    private long _previousTransit;
    private double _jitter;

    /// <summary>The current estimate in timestamp units.</summary>
    public double Jitter => _jitter;

    /// <summary>Feeds one packet: its arrival expressed in timestamp units and its RTP timestamp.</summary>
    public void Observe(long arrivalInTimestampUnits, uint timestamp)
    {
        long transit = (uint)(arrivalInTimestampUnits - timestamp);
        if (_hasPrevious)
        {
            long d = Math.Abs((int)(transit - _previousTransit));
            _jitter += (d - _jitter) / 16.0;
        }

        _previousTransit = transit;
        _hasPrevious = true;
    }

    /// <summary>Starts over (after an SSRC change).</summary>
    public void Reset()
    {
        _hasPrevious = false;
        _jitter = 0;
    }
}
