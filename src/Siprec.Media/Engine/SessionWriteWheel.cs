namespace Siprec.Media.Engine;

/// <summary>
/// The engine's sessions by the writer tick on which each is next visited: a ring of buckets, one per tick, so that a
/// tick touches only the sessions whose write batch or checkpoint may be due instead of every session. A session
/// leaves the wheel on the first visit after it was marked removed. Thread-safe.
/// </summary>
internal sealed class SessionWriteWheel
{
    private readonly object _lock = new();
    private readonly List<MediaSession>[] _buckets;
    private readonly Stack<List<MediaSession>> _spares = new();
    private long _tick;
    private int _placed;

    /// <summary>Creates a wheel of <paramref name="buckets"/> ticks; a session's visit period must not exceed it.</summary>
    public SessionWriteWheel(int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        _buckets = new List<MediaSession>[buckets];
        for (int i = 0; i < buckets; i++)
            _buckets[i] = [];
    }

    /// <summary>
    /// Places <paramref name="session"/> on one of its next <see cref="MediaSession.VisitPeriod"/> ticks, taken in turn, so
    /// that sessions started together are spread over the ticks.
    /// </summary>
    public void Add(MediaSession session)
    {
        lock (_lock)
        {
            long at = _tick + 1 + (_placed++ % session.VisitPeriod);
            _buckets[at % _buckets.Length].Add(session);
        }
    }

    /// <summary>
    /// Advances the wheel by one tick and takes out the sessions due on it; hand the list back to
    /// <see cref="Return"/> once they are visited.
    /// </summary>
    public List<MediaSession> TakeDue(out long tick)
    {
        lock (_lock)
        {
            tick = ++_tick;
            int index = (int)(tick % _buckets.Length);
            List<MediaSession> due = _buckets[index];
            _buckets[index] = _spares.Count > 0 ? _spares.Pop() : [];
            return due;
        }
    }

    /// <summary>Puts the sessions of <paramref name="visited"/> that are not removed back on the tick of their next visit.</summary>
    public void Return(List<MediaSession> visited, long tick)
    {
        lock (_lock)
        {
            foreach (MediaSession session in visited)
            {
                // Never onto a tick already taken (by a later tick that ran meanwhile): that bucket's next turn is a whole wheel away.
                if (!session.IsRemoved)
                    _buckets[Math.Max(tick + session.VisitPeriod, _tick + 1) % _buckets.Length].Add(session);
            }

            visited.Clear();
            _spares.Push(visited);
        }
    }
}
