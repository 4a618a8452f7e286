using System.Net;
using System.Net.Sockets;

namespace Siprec.Media.Rtp;

/// <summary>
/// Hands out bound even/odd UDP port pairs from a range, round-robin, skipping ports another process holds.
/// Thread-safe; a pair returns to the pool when its lease is disposed.
/// </summary>
public sealed class RtpPortAllocator
{
    private const int ReceiveBufferBytes = 256 * 1024;

    private readonly object _lock = new();
    private readonly int _firstPort;
    private readonly bool[] _inUse;
    private int _next;
    private int _leased;

    /// <summary>Creates an allocator over <paramref name="range"/> (at least one even/odd pair).</summary>
    public RtpPortAllocator(RtpPortRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (range.Min < 1 || range.Max > IPEndPoint.MaxPort || range.Min > range.Max)
            throw new ArgumentException($"RTP port range {range.Min}-{range.Max} is not a valid UDP port range.", nameof(range));
        _firstPort = range.Min + (range.Min & 1);
        int pairs = (range.Max - _firstPort + 1) / 2;
        if (pairs < 1)
            throw new ArgumentException($"RTP port range {range.Min}-{range.Max} holds no even/odd port pair.", nameof(range));
        _inUse = new bool[pairs];
    }

    /// <summary>Number of pairs the range holds.</summary>
    public int Capacity => _inUse.Length;

    /// <summary>Number of pairs currently leased; read on every INVITE by admission, so kept as a count, not counted.</summary>
    public int InUse => Volatile.Read(ref _leased);

    /// <summary>Binds the next free pair on <paramref name="address"/>; throws <see cref="InvalidOperationException"/> when none can be bound.</summary>
    public RtpPortLease Allocate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        for (int attempt = 0; attempt < _inUse.Length; attempt++)
        {
            int index = Reserve();
            if (index < 0)
                break;
            int port = _firstPort + (index * 2);
            if (TryBind(address, port, out Socket? rtp, out Socket? rtcp))
                return new RtpPortLease(rtp, rtcp, lease => Free(index));
            Free(index);
        }

        throw new InvalidOperationException($"No free RTP port pair in {_firstPort}-{_firstPort + (_inUse.Length * 2) - 1} could be bound on {address}.");
    }

    private int Reserve()
    {
        lock (_lock)
        {
            for (int i = 0; i < _inUse.Length; i++)
            {
                int index = (_next + i) % _inUse.Length;
                if (!_inUse[index])
                {
                    _inUse[index] = true;
                    _leased++;
                    _next = (index + 1) % _inUse.Length;
                    return index;
                }
            }

            return -1;
        }
    }

    private void Free(int index)
    {
        lock (_lock)
        {
            if (_inUse[index])
            {
                _inUse[index] = false;
                _leased--;
            }
        }
    }

    private static bool TryBind(IPAddress address, int port, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Socket? rtp, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Socket? rtcp)
    {
        rtp = null;
        rtcp = null;
        try
        {
            rtp = Bind(address, port);
            rtcp = Bind(address, port + 1);
            return true;
        }
        catch (SocketException)
        {
            rtp?.Dispose();
            rtcp?.Dispose();
            rtp = null;
            rtcp = null;
            return false;
        }
    }

    private static Socket Bind(IPAddress address, int port)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = ReceiveBufferBytes;
            socket.Bind(new IPEndPoint(address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
