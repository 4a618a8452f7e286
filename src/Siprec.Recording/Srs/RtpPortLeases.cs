using System.Net;
using Siprec.Media.Rtp;

namespace Siprec.Recording.Srs;

/// <summary>
/// The RTP ports of one offer/answer, by m-line: those the call already holds, and those leased on demand while the
/// answer is built. Not thread-safe (one offer/answer at a time).
/// </summary>
internal sealed class RtpPortLeases
{
    private readonly RtpPortAllocator _ports;
    private readonly IPAddress _bindAddress;
    private readonly Dictionary<int, RtpPortLease> _byMLine = [];
    private readonly HashSet<RtpPortLease> _held = [];

    /// <summary>Starts with the live leases the call already holds per m-line (none for an initial INVITE).</summary>
    public RtpPortLeases(RtpPortAllocator ports, IPAddress bindAddress, IEnumerable<SrsMLine>? held = null)
    {
        _ports = ports;
        _bindAddress = bindAddress;
        var mline = 0;
        foreach (var line in held ?? [])
        {
            if (line.Lease is { IsDisposed: false } lease)
            {
                _byMLine[mline] = lease;
                _held.Add(lease);
            }

            mline++;
        }
    }

    /// <summary>The RTP port of <paramref name="mline"/>, leasing one when it has none; throws when no port is free.</summary>
    public int PortFor(int mline)
    {
        if (!_byMLine.TryGetValue(mline, out var lease))
        {
            lease = _ports.Allocate(_bindAddress);
            _byMLine[mline] = lease;
        }

        return lease.RtpPort;
    }

    /// <summary>The lease of <paramref name="mline"/>, or null when it has none.</summary>
    public RtpPortLease? Of(int mline) => _byMLine.GetValueOrDefault(mline);

    /// <summary>Frees the lease of <paramref name="mline"/> (an m-line that is not recorded).</summary>
    public void Release(int mline)
    {
        if (_byMLine.Remove(mline, out var lease))
            lease.Dispose();
    }

    /// <summary>Frees every lease taken for this offer; those the call held before stay its own.</summary>
    public void ReleaseNew()
    {
        foreach (var lease in _byMLine.Values.Where(l => !_held.Contains(l)).ToList())
            lease.Dispose();
    }
}
