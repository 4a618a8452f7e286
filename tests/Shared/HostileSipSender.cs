using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Siprec.Tests.Shared;

/// <summary>
/// Sends <see cref="HostileSipTraffic"/> to a server on 127.0.0.1 over UDP at a fixed rate from one socket and counts
/// the answers that come back by status class; nothing it receives is ever acknowledged.
/// </summary>
public sealed class HostileSipSender : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly HostileSipTraffic _traffic;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private long _sent;
    private long _answered2xx;
    private long _answered4xx;
    private long _answered5xx;

    /// <summary>Binds a socket on 127.0.0.1 and starts draining answers from the server at <paramref name="serverPort"/>.</summary>
    public HostileSipSender(int serverPort, int seed, int halfValidEvery)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _traffic = new HostileSipTraffic(seed, serverPort, ((IPEndPoint)_socket.LocalEndPoint!).Port, halfValidEvery);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>What was sent and answered so far.</summary>
    public HostileSipSummary Summary => new(
        Interlocked.Read(ref _sent), _traffic.HalfValidInvites, Interlocked.Read(ref _answered2xx), Interlocked.Read(ref _answered4xx), Interlocked.Read(ref _answered5xx));

    /// <summary>Sends <paramref name="perSecond"/> datagrams a second, in 10 ms ticks, for <paramref name="duration"/>.</summary>
    public async Task SendAsync(int perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        var clock = Stopwatch.StartNew();
        long due = 0;
        while (clock.Elapsed < duration)
        {
            var target = (long)(clock.Elapsed.TotalSeconds * perSecond);
            for (; due < target; due++)
            {
                await _socket.SendToAsync(_traffic.Next(), SocketFlags.None, _server, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _sent);
            }
            await Task.Delay(Tick, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the receive loop and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            // "SIP/2.0 NNN": the status class is the ninth byte.
            if (length < 12 || !buffer.AsSpan(0, 8).SequenceEqual("SIP/2.0 "u8))
                continue;
            switch (buffer[8])
            {
                case (byte)'2':
                    Interlocked.Increment(ref _answered2xx);
                    break;
                case (byte)'4':
                    Interlocked.Increment(ref _answered4xx);
                    break;
                case (byte)'5':
                    Interlocked.Increment(ref _answered5xx);
                    break;
            }
        }
    }
}
