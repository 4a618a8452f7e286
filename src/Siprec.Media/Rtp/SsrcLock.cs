namespace Siprec.Media.Rtp;

/// <summary>
/// Locks a stream onto one SSRC: the first packet's, then a new one on request (re-INVITE)
/// or after a run of consecutive packets from a new source (call transfer).
/// <see cref="Observe"/> belongs to the receive loop; <see cref="RequestRelock"/> may be called from any thread.
/// </summary>
public sealed class SsrcLock
{
    private readonly int _switchAfterPackets;
    private bool _locked;
    private uint _candidate;
    private int _candidateRun;
    private volatile bool _relockRequested;

    /// <summary>Creates a lock that switches source after <paramref name="switchAfterPackets"/> consecutive packets from it.</summary>
    public SsrcLock(int switchAfterPackets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(switchAfterPackets, 1);
        _switchAfterPackets = switchAfterPackets;
    }

    /// <summary>The locked SSRC, meaningful once a packet has been accepted.</summary>
    public uint Current { get; private set; }

    /// <summary>Makes the next packet's source the locked one.</summary>
    public void RequestRelock() => _relockRequested = true;

    /// <summary>Decides whether a packet from <paramref name="ssrc"/> is accepted.</summary>
    public SsrcVerdict Observe(uint ssrc)
    {
        if (_relockRequested)
        {
            _relockRequested = false;
            bool changed = !_locked || ssrc != Current;
            LockOn(ssrc);
            return changed ? SsrcVerdict.Relocked : SsrcVerdict.Accept;
        }

        if (!_locked)
        {
            LockOn(ssrc);
            return SsrcVerdict.Relocked;
        }

        if (ssrc == Current)
        {
            _candidateRun = 0;
            return SsrcVerdict.Accept;
        }

        if (_candidateRun == 0 || ssrc != _candidate)
        {
            _candidate = ssrc;
            _candidateRun = 0;
        }

        if (++_candidateRun < _switchAfterPackets)
            return SsrcVerdict.Reject;

        LockOn(ssrc);
        return SsrcVerdict.Relocked;
    }

    private void LockOn(uint ssrc)
    {
        _locked = true;
        Current = ssrc;
        _candidateRun = 0;
    }
}
