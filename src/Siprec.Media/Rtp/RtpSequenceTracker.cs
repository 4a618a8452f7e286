namespace Siprec.Media.Rtp;

/// <summary>
/// Tracks one source's sequence numbers (RFC 3550 A.1/A.3): duplicates, reordering, late packets and loss.
/// Not thread-safe: owned by the stream's receive loop.
/// </summary>
public sealed class RtpSequenceTracker
{
    private const int MaxDropout = 3000;
    private const int HistoryBits = 64;

    private readonly int _reorderWindow;
    private bool _started;
    private long _highest;
    private long _base;
    private ulong _history;
    private long _receivedInSegment;
    private long _lostInEarlierSegments;

    /// <summary>Creates a tracker accepting packets up to <paramref name="reorderWindow"/> sequence numbers behind the newest.</summary>
    public RtpSequenceTracker(int reorderWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(reorderWindow, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reorderWindow, HistoryBits - 1);
        _reorderWindow = reorderWindow;
    }

    /// <summary>Packets never received, counting every restart and SSRC change since creation.</summary>
    public long Lost => _lostInEarlierSegments + LostInSegment;

    private long LostInSegment => _started ? Math.Max(0, _highest - _base + 1 - _receivedInSegment) : 0;

    /// <summary>Classifies <paramref name="sequenceNumber"/> and records it unless it is a duplicate or late.</summary>
    public SequenceVerdict Observe(ushort sequenceNumber)
    {
        if (!_started)
        {
            StartAt(sequenceNumber);
            return SequenceVerdict.InOrder;
        }

        int delta = (short)(sequenceNumber - (ushort)_highest);
        if (delta > 0)
        {
            if (delta > MaxDropout)
            {
                Restart(sequenceNumber);
                return SequenceVerdict.Restarted;
            }

            _highest += delta;
            _history = delta >= HistoryBits ? 1UL : (_history << delta) | 1UL;
            _receivedInSegment++;
            return SequenceVerdict.InOrder;
        }

        int back = -delta;
        if (back < HistoryBits && (_history & (1UL << back)) != 0)
            return SequenceVerdict.Duplicate;
        if (back > _reorderWindow)
        {
            if (back > MaxDropout)
            {
                Restart(sequenceNumber);
                return SequenceVerdict.Restarted;
            }

            // Late packets did arrive: RFC 3550 counts them as received, not lost.
            if (back < HistoryBits)
                _history |= 1UL << back;
            _receivedInSegment++;
            return SequenceVerdict.Late;
        }

        _history |= 1UL << back;
        _receivedInSegment++;
        return SequenceVerdict.Reordered;
    }

    /// <summary>Forgets the current source (after an SSRC change); loss counted so far is kept.</summary>
    public void Reset()
    {
        _lostInEarlierSegments += LostInSegment;
        _started = false;
    }

    private void Restart(ushort sequenceNumber)
    {
        Reset();
        StartAt(sequenceNumber);
    }

    private void StartAt(ushort sequenceNumber)
    {
        _started = true;
        _highest = sequenceNumber;
        _base = sequenceNumber;
        _history = 1UL;
        _receivedInSegment = 1;
    }
}
