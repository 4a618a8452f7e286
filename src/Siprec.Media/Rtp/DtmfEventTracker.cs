using Siprec.Media.Codecs;

namespace Siprec.Media.Rtp;

/// <summary>
/// Turns a stream of telephone-event packets (repeated updates and end packets per event) into one report per digit.
/// Not thread-safe: owned by the stream's receive loop.
/// </summary>
public sealed class DtmfEventTracker
{
    private bool _active;
    private bool _reported;
    private uint _timestamp;
    private TelephoneEvent _last;
    private TimeSpan _start;

    /// <summary>Whether a packet with this RTP timestamp begins a new event (rather than updating the current one).</summary>
    public bool Starts(uint timestamp) => !_active || timestamp != _timestamp;

    /// <summary>
    /// Feeds one telephone-event packet. Returns true with <paramref name="completed"/> when a digit is finished:
    /// on its first end packet, or when a new event starts while the previous one never reported its end.
    /// </summary>
    /// <param name="timestamp">The packet's RTP timestamp (the event's start).</param>
    /// <param name="payload">The parsed payload.</param>
    /// <param name="start">Where <paramref name="timestamp"/> lies on the session clock.</param>
    /// <param name="clockRate">The telephone-event RTP clock rate.</param>
    /// <param name="streamIndex">The stream reported in events.</param>
    /// <param name="completed">The finished digit.</param>
    public bool Observe(uint timestamp, TelephoneEvent payload, TimeSpan start, int clockRate, int streamIndex, out DtmfEvent completed)
    {
        completed = default;
        bool finishedPrevious = false;
        if (!_active || timestamp != _timestamp)
        {
            if (_active && !_reported && _last.Symbol is char previous)
            {
                completed = new DtmfEvent(streamIndex, previous, _start, ToTime(_last.Duration, clockRate), false);
                finishedPrevious = true;
            }

            _active = true;
            _reported = false;
            _timestamp = timestamp;
            _start = start;
        }

        _last = payload;
        if (finishedPrevious || _reported || !payload.IsEnd || payload.Symbol is not char digit)
            return finishedPrevious;

        _reported = true;
        completed = new DtmfEvent(streamIndex, digit, _start, ToTime(payload.Duration, clockRate), true);
        return true;
    }

    private static TimeSpan ToTime(ushort duration, int clockRate) => TimeSpan.FromTicks(duration * TimeSpan.TicksPerSecond / clockRate);
}
