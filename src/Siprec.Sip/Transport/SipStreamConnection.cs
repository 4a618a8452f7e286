using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

using Siprec.Sip.Messages;
using Siprec.Sip.Refusals;

namespace Siprec.Sip.Transport;

/// <summary>
/// One TCP or TLS connection: a read loop framing messages out of a pipe, and a writer draining a queue,
/// so senders never wait on the socket.
/// </summary>
public sealed partial class SipStreamConnection : ISipChannel, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ISipMessageReceiver _receiver;
    private readonly SipTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<OutboundMessage> _outbox = Channel.CreateUnbounded<OutboundMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();

    private static readonly SipStreamFault HeadersCutShort = new(
        SipMalformedReasons.Of(SipParseError.MissingHeaderTerminator), 400, "The connection ended inside a message's header section.");

    private static readonly SipStreamFault BodyCutShort = new(
        SipMalformedReasons.Of(SipParseError.BodyTruncated), 400, "The connection ended before the body announced by Content-Length.");

    // Reused by the single read loop, so framing a read allocates nothing.
    private readonly List<ReadOnlySequence<byte>> _frames = new(4);

    // The fault to count if the connection ends now: set while a message is only partly received.
    private SipStreamFault? _cutShort;

    internal SipStreamConnection(
        SipTransportKind kind,
        Stream stream,
        IPEndPoint local,
        IPEndPoint remote,
        ISipMessageReceiver receiver,
        SipTransportOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Kind = kind;
        _stream = stream;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
        _receiver = receiver;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public SipTransportKind Kind { get; }

    /// <inheritdoc />
    public bool IsReliable => true;

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The peer of this connection.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>True once the connection has started closing; sends are then dropped.</summary>
    public bool IsClosed => _closing.IsCancellationRequested;

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        var copy = ArrayPool<byte>.Shared.Rent(message.Length);
        message.CopyTo(copy);
        if (!_outbox.Writer.TryWrite(new OutboundMessage(copy, message.Length)))
        {
            ArrayPool<byte>.Shared.Return(copy);
            Log.SendOnClosed(_logger, RemoteEndPoint);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the connection after queued messages are written.</summary>
    public void Close() => _outbox.Writer.TryComplete();

    /// <summary>Closes the connection at once.</summary>
    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        await _closing.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Runs the read and write loops until the peer leaves, the connection idles out, or it is closed.</summary>
    internal async Task RunAsync(CancellationToken stopping)
    {
        using var stopRegistration = stopping.Register(static state => ((SipStreamConnection)state!)._closing.Cancel(), this);
        var writer = Task.Run(WriteLoopAsync);
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Log.ReadEnded(_logger, RemoteEndPoint, ex.GetType().Name);
        }
        finally
        {
            _outbox.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            await _closing.CancelAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
            while (_outbox.Reader.TryRead(out var dropped))
            {
                ArrayPool<byte>.Shared.Return(dropped.Buffer);
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _timeProvider);
        using var closeRegistration = _closing.Token.Register(static state => ((CancellationTokenSource)state!).Cancel(), idle);
        try
        {
            while (true)
            {
                idle.CancelAfter(_options.ConnectionIdleTimeout);
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
                {
                    Log.IdleTimeout(_logger, RemoteEndPoint);
                    ReportCutShort();
                    return;
                }

                var buffer = result.Buffer;
                var keepReading = await ProcessAsync(buffer, out var consumed).ConfigureAwait(false);
                reader.AdvanceTo(consumed, buffer.End);
                if (!keepReading)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    ReportCutShort();
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private ValueTask<bool> ProcessAsync(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        // Written as a synchronous pre-pass so the common case (one whole message) needs no async state for the frame.
        consumed = buffer.Start;
        var frames = _frames;
        frames.Clear();
        var remaining = buffer;
        SipStreamFault? fault = null;
        while (true)
        {
            remaining = SkipKeepAlive(remaining, out var ping);
            if (ping)
            {
                // RFC 5626 §3.5.1: a double-CRLF ping is answered with a single CRLF pong.
                _ = SendAsync("\r\n"u8.ToArray(), RemoteEndPoint);
            }

            if (remaining.IsEmpty)
            {
                break;
            }

            var verdict = StreamFramer.TryFrame(remaining, _options.MaxMessageSize, out var frame, out fault);
            if (verdict == StreamFrameVerdict.Framed)
            {
                frames.Add(frame);
                remaining = remaining.Slice(frame.End);
                continue;
            }

            if (fault is not null)
            {
                // The stream cannot be resynchronised: whatever follows the bad message is dropped with it.
                frames.Add(remaining.Length > _options.MaxMessageSize ? remaining.Slice(0, _options.MaxMessageSize) : remaining);
            }

            break;
        }

        _cutShort = fault is null && !remaining.IsEmpty ? CutShortFault(remaining) : null;
        consumed = remaining.Start;
        return DeliverAsync(frames, fault);
    }

    private async ValueTask<bool> DeliverAsync(List<ReadOnlySequence<byte>> frames, SipStreamFault? fault)
    {
        var badTail = fault is null ? -1 : frames.Count - 1;
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            if (i == badTail)
            {
                await _receiver.OnUnframableAsync(frame.ToArray(), fault!, this, RemoteEndPoint).ConfigureAwait(false);
                Close();
                return false;
            }

            var outcome = await DeliverOneAsync(frame).ConfigureAwait(false);
            if (outcome == SipReceiveOutcome.Malformed)
            {
                Close();
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts a message the peer started but never finished, once the connection ends under it.</summary>
    private void ReportCutShort()
    {
        if (_cutShort is not null)
        {
            _receiver.OnTransportFault(Kind, RemoteEndPoint, _cutShort);
        }
    }

    private static SipStreamFault CutShortFault(ReadOnlySequence<byte> partial)
    {
        var reader = new SequenceReader<byte>(partial);
        var headersEnded = reader.TryReadTo(out ReadOnlySequence<byte> _, "\n\r\n"u8) || new SequenceReader<byte>(partial).TryReadTo(out ReadOnlySequence<byte> _, "\n\n"u8);
        return headersEnded ? BodyCutShort : HeadersCutShort;
    }

    private async ValueTask<SipReceiveOutcome> DeliverOneAsync(ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            return await _receiver.OnMessageAsync(frame.First, this, RemoteEndPoint, _closing.Token).ConfigureAwait(false);
        }

        var length = (int)frame.Length;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            frame.CopyTo(copy);
            return await _receiver.OnMessageAsync(copy.AsMemory(0, length), this, RemoteEndPoint, _closing.Token).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static ReadOnlySequence<byte> SkipKeepAlive(ReadOnlySequence<byte> buffer, out bool ping)
    {
        // RFC 5626 keep-alives are bare CRLFs between messages.
        var reader = new SequenceReader<byte>(buffer);
        ping = reader.AdvancePastAny((byte)'\r', (byte)'\n') >= 4;
        return buffer.Slice(reader.Position);
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var message))
                {
                    try
                    {
                        await _stream.WriteAsync(message.Buffer.AsMemory(0, message.Length), _closing.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(message.Buffer);
                    }
                }

                await _stream.FlushAsync(_closing.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            Log.WriteEnded(_logger, RemoteEndPoint, ex.GetType().Name);
            _outbox.Writer.TryComplete();
        }
        finally
        {
            // The read loop may still be waiting for bytes the peer will never send.
            await _closing.CancelAsync().ConfigureAwait(false);
        }
    }

    private readonly record struct OutboundMessage(byte[] Buffer, int Length);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a message to {Remote}: connection closed")]
        public static partial void SendOnClosed(ILogger logger, IPEndPoint remote);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Read from {Remote} ended: {Reason}")]
        public static partial void ReadEnded(ILogger logger, IPEndPoint remote, string reason);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Write to {Remote} ended: {Reason}")]
        public static partial void WriteEnded(ILogger logger, IPEndPoint remote, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Closing idle connection from {Remote}")]
        public static partial void IdleTimeout(ILogger logger, IPEndPoint remote);
    }
}
