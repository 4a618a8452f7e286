namespace Siprec.Transcription.Providers;

/// <summary>
/// Maps time in the audio a provider has been sent (which skips paused windows) back to the session clock.
/// Thread-safe: written by the audio writer, read by the result reader.
/// </summary>
public sealed class SessionTimeMap
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(2);
    private readonly Lock _lock = new();
    private readonly List<(TimeSpan Sent, TimeSpan Session)> _anchors = [];
    private readonly int _sampleRate;
    private long _samplesSent;

    /// <summary>Creates a map for audio at <paramref name="sampleRate"/>.</summary>
    public SessionTimeMap(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        _sampleRate = sampleRate;
    }

    /// <summary>Total audio sent so far.</summary>
    public TimeSpan Sent
    {
        get
        {
            lock (_lock)
            {
                return ToTime(_samplesSent);
            }
        }
    }

    /// <summary>Records that <paramref name="samples"/> samples starting at <paramref name="sessionOffset"/> were sent.</summary>
    public void Record(int samples, TimeSpan sessionOffset)
    {
        lock (_lock)
        {
            var sent = ToTime(_samplesSent);
            if (_anchors.Count == 0 || (Map(sent) - sessionOffset).Duration() > Tolerance)
            {
                _anchors.Add((sent, sessionOffset));
            }

            _samplesSent += samples;
        }
    }

    /// <summary>Converts a time in the sent audio to the session clock.</summary>
    public TimeSpan ToSession(TimeSpan sentTime)
    {
        lock (_lock)
        {
            return Map(sentTime);
        }
    }

    private TimeSpan Map(TimeSpan sentTime)
    {
        if (_anchors.Count == 0)
        {
            return sentTime;
        }

        var anchor = _anchors[0];
        for (var i = 1; i < _anchors.Count && _anchors[i].Sent <= sentTime; i++)
        {
            anchor = _anchors[i];
        }

        return anchor.Session + (sentTime - anchor.Sent);
    }

    private TimeSpan ToTime(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / _sampleRate);
}
