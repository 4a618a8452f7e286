using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Siprec.Media.Transport;

/// <summary>
/// The portable receive path: one asynchronous receive loop per socket on the thread pool. Every datagram costs a
/// thread-pool hop, which is why Linux uses <see cref="EpollDatagramPump"/> instead.
/// </summary>
internal sealed partial class SocketAsyncDatagramPump(ILogger logger) : IDatagramPump
{
    private const int DatagramBufferBytes = 2048;

    public IAsyncDisposable Subscribe(Socket socket, IDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription();
        subscription.Loop = Task.Run(() => ReceiveLoopAsync(socket, handler, subscription.Stop.Token));
        return subscription;
    }

    public void Dispose()
    {
    }

    private async Task ReceiveLoopAsync(Socket socket, IDatagramHandler handler, CancellationToken stop)
    {
        // One byte more than the largest datagram accepted tells a truncated (oversized) datagram apart.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DatagramBufferBytes + 1);
        var from = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await socket.ReceiveFromAsync(buffer.AsMemory(0, DatagramBufferBytes + 1), SocketFlags.None, from, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    continue;
                }
                catch (SocketException e)
                {
                    Log.ReceiveFailed(logger, socket.LocalEndPoint, e.SocketErrorCode);
                    break;
                }

                if (length > DatagramBufferBytes)
                    continue;
                try
                {
                    handler.OnDatagram(buffer.AsSpan(0, length), from);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Log.HandlerFailed(logger, e);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed class Subscription : IAsyncDisposable
    {
        private Task? _disposal;

        public CancellationTokenSource Stop { get; } = new();

        public Task Loop { get; set; } = Task.CompletedTask;

        public ValueTask DisposeAsync()
        {
            Task disposal = LazyInitializer.EnsureInitialized(ref _disposal, StopAsync);
            return new ValueTask(disposal);
        }

        private async Task StopAsync()
        {
            await Stop.CancelAsync().ConfigureAwait(false);
            await Loop.ConfigureAwait(false);
            Stop.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Socket {EndPoint} stopped receiving: {Error}")]
        public static partial void ReceiveFailed(ILogger logger, EndPoint? endPoint, SocketError error);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A datagram handler failed; the datagram was dropped")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);
    }
}
