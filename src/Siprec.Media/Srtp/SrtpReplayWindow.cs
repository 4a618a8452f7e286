namespace Siprec.Media.Srtp;

/// <summary>A 64-packet sliding replay window over packet indices (RFC 3711 §3.3.2).</summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    private long _highest;
    private ulong _seen;
    private bool _started;

    /// <summary>True when <paramref name="index"/> was already accepted or lies behind the window.</summary>
    public readonly bool Rejects(long index)
    {
        if (!_started || index > _highest)
        {
            return false;
        }

        var behind = _highest - index;
        return behind >= Size || (_seen & (1UL << (int)behind)) != 0;
    }

    /// <summary>Records <paramref name="index"/> as accepted (after authentication).</summary>
    public void Accept(long index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            _seen = 1;
            return;
        }

        if (index > _highest)
        {
            var ahead = index - _highest;
            _seen = ahead >= Size ? 1 : (_seen << (int)ahead) | 1;
            _highest = index;
        }
        else
        {
            _seen |= 1UL << (int)(_highest - index);
        }
    }
}
