namespace Siprec.Transcription.Feed;

/// <summary>Remembers when recent audio was sent, to measure latency from the end of a result's audio to its arrival.</summary>
internal sealed class SentAudioClock
{
    private const int Capacity = 512;
    private readonly (TimeSpan End, long Timestamp)[] _ring = new (TimeSpan, long)[Capacity];
    private readonly Lock _lock = new();
    private int _next;
    private int _count;

    public void Record(TimeSpan sessionEnd, long timestamp)
    {
        lock (_lock)
        {
            _ring[_next] = (sessionEnd, timestamp);
            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>The timestamp at which audio up to <paramref name="sessionEnd"/> had been sent, if still remembered.</summary>
    public long? WhenSent(TimeSpan sessionEnd)
    {
        lock (_lock)
        {
            for (var i = _count; i >= 1; i--)
            {
                var index = (_next - i + Capacity) % Capacity;
                if (_ring[index].End >= sessionEnd)
                {
                    return _ring[index].Timestamp;
                }
            }

            return null;
        }
    }
}
