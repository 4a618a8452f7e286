using System.Net.Sockets;

namespace Siprec.Media.Rtp;

/// <summary>A bound RTP/RTCP socket pair on an even/odd port pair; disposing closes both sockets and frees the ports.</summary>
public sealed class RtpPortLease : IDisposable
{
    private readonly Action<RtpPortLease>? _release;
    private int _disposed;

    internal RtpPortLease(Socket rtpSocket, Socket rtcpSocket, Action<RtpPortLease>? release)
    {
        RtpSocket = rtpSocket;
        RtcpSocket = rtcpSocket;
        _release = release;
    }

    /// <summary>The RTP port (even) to put in the SDP answer.</summary>
    public int RtpPort => ((System.Net.IPEndPoint)RtpSocket.LocalEndPoint!).Port;

    /// <summary>The RTCP port (RTP port + 1).</summary>
    public int RtcpPort => RtpPort + 1;

    /// <summary>The bound RTP socket.</summary>
    public Socket RtpSocket { get; }

    /// <summary>The bound RTCP socket.</summary>
    public Socket RtcpSocket { get; }

    /// <summary>Whether the lease has been disposed.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        RtpSocket.Dispose();
        RtcpSocket.Dispose();
        _release?.Invoke(this);
    }
}
