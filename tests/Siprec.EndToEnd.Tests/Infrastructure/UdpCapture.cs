using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Receives datagrams on 127.0.0.1 into a list, in the background, until disposed or a bounded count is reached.</summary>
public sealed class UdpCapture : IAsyncDisposable
{
    private const int MaxPackets = 100_000;

    private readonly Socket _socket;
    private readonly List<CapturedRtpPacket> _packets = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 for any free port).</summary>
    public UdpCapture(int port)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _loop = ReceiveLoopAsync();
    }

    /// <summary>The bound address.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Snapshot of what was received so far.</summary>
    public IReadOnlyList<CapturedRtpPacket> Packets
    {
        get
        {
            lock (_lock)
                return _packets.ToArray();
        }
    }

    /// <summary>Waits until <paramref name="count"/> datagrams arrived or <paramref name="timeout"/> passed; returns whether they did.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!deadline.IsCancellationRequested)
        {
            lock (_lock)
            {
                if (_packets.Count >= count)
                    return true;
            }
            try
            {
                await Task.Delay(10, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        lock (_lock)
            return _packets.Count >= count;
    }

    /// <summary>Waits until no datagram has arrived for <paramref name="quiet"/>, at most <paramref name="timeout"/>.</summary>
    public async Task WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var lastCount = -1;
        var lastChange = TimeSpan.Zero;
        while (clock.Elapsed < timeout)
        {
            int count;
            lock (_lock)
                count = _packets.Count;
            if (count != lastCount)
            {
                lastCount = count;
                lastChange = clock.Elapsed;
            }
            else if (clock.Elapsed - lastChange >= quiet)
            {
                return;
            }
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>Stops receiving and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closing the socket ends the pending receive; nothing to report.
        }
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        while (!_stop.IsCancellationRequested)
        {
            var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            lock (_lock)
            {
                if (_packets.Count >= MaxPackets)
                    return;
                _packets.Add(new CapturedRtpPacket(buffer.AsSpan(0, received).ToArray()));
            }
        }
    }
}
