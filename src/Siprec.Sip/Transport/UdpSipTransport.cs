using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Siprec.Sip.Refusals;

namespace Siprec.Sip.Transport;

/// <summary>
/// The UDP transport: one socket, one receive loop over a pooled buffer on a thread of its own, sends to any peer.
/// The loop blocks in the kernel rather than awaiting in the thread pool, so it keeps draining the socket while
/// request handling holds every pool thread; a datagram left in a full receive buffer is lost without an answer.
/// </summary>
public sealed partial class UdpSipTransport : ISipChannel, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ISipMessageReceiver _receiver;
    private readonly int _maxMessageSize;
    private readonly SipStreamFault _oversized;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _receiveLoopEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _receiveThread;

    /// <summary>Binds the socket at once, so <see cref="LocalEndPoint"/> reports the real port.</summary>
    public UdpSipTransport(IPEndPoint bindTo, int maxMessageSize, ISipMessageReceiver receiver, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(bindTo);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 256);
        _receiver = receiver;
        _maxMessageSize = maxMessageSize;
        _oversized = new SipStreamFault(SipMalformedReasons.MessageTooLarge, 513, $"The datagram is larger than {maxMessageSize} bytes.");
        _logger = logger;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(bindTo);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <inheritdoc />
    public SipTransportKind Kind => SipTransportKind.Udp;

    /// <inheritdoc />
    public bool IsReliable => false;

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Starts the receive loop.</summary>
    public void Start()
    {
        _receiveThread = new Thread(() => RunReceiveLoop(_stopping.Token))
        {
            IsBackground = true,
            Name = $"SIP UDP receive {LocalEndPoint.Port}",
        };
        _receiveThread.Start();
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        try
        {
            await _socket.SendToAsync(message, SocketFlags.None, destination, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            // A lost datagram is what UDP means; the transaction layer retransmits or times out.
            Log.SendFailed(_logger, destination, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            // A retransmission timer can still fire while the stack shuts down; its callers do not await the send.
            Log.SendAfterClose(_logger, destination);
        }
    }

    /// <summary>Stops the loop and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_receiveThread is not null)
        {
            await _receiveLoopEnded.Task.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void RunReceiveLoop(CancellationToken cancellationToken)
    {
        try
        {
            ReceiveLoop(cancellationToken);
        }
        finally
        {
            _receiveLoopEnded.TrySetResult();
        }
    }

    private void ReceiveLoop(CancellationToken cancellationToken)
    {
        // One byte more than allowed tells an oversized datagram from one that fits exactly.
        var buffer = ArrayPool<byte>.Shared.Rent(_maxMessageSize + 1);
        var address = new SocketAddress(_socket.AddressFamily);
        var endPoints = new RemoteEndPointCache(_socket.AddressFamily);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer.AsSpan(0, _maxMessageSize + 1), SocketFlags.None, address);
                }
                catch (ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException) when (cancellationToken.IsCancellationRequested)
                {
                    // Closing the socket wakes the blocked receive with an error.
                    break;
                }
                catch (SocketException ex)
                {
                    // ICMP errors from earlier sends surface here; they concern no particular datagram.
                    Log.ReceiveFailed(_logger, ex.SocketErrorCode);
                    continue;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                var remote = endPoints.Get(address);
                if (received > _maxMessageSize)
                {
                    // Counted and logged like an oversized message on a stream, within the per-source log limit.
                    _receiver.OnTransportFault(Kind, remote, _oversized);
                    continue;
                }

                try
                {
                    // Handling finishes before the buffer is reused; it rarely waits (a UDP send completes at once), and
                    // when it does only this thread waits.
                    var handled = _receiver.OnMessageAsync(buffer.AsMemory(0, received), this, remote, cancellationToken);
                    if (!handled.IsCompleted)
                    {
                        handled.AsTask().GetAwaiter().GetResult();
                    }
                    else
                    {
                        handled.GetAwaiter().GetResult();
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    Log.HandlerFailed(_logger, remote, ex);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "UDP send to {Destination} failed: {Error}")]
        public static partial void SendFailed(ILogger logger, IPEndPoint destination, SocketError error);

        [LoggerMessage(Level = LogLevel.Debug, Message = "UDP send to {Destination} dropped: the transport is closed")]
        public static partial void SendAfterClose(ILogger logger, IPEndPoint destination);

        [LoggerMessage(Level = LogLevel.Debug, Message = "UDP receive error {Error}")]
        public static partial void ReceiveFailed(ILogger logger, SocketError error);

        [LoggerMessage(Level = LogLevel.Error, Message = "Handling a datagram from {Remote} failed")]
        public static partial void HandlerFailed(ILogger logger, IPEndPoint remote, Exception exception);
    }
}
