using System.Buffers;
using System.Net.WebSockets;

namespace Siprec.Transcription.Providers;

/// <summary>Reads whole WebSocket messages into one reusable buffer, bounded in size.</summary>
internal sealed class WebSocketMessageReader
{
    private const int MaxMessageBytes = 1 << 20;
    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private readonly WebSocket _socket;

    public WebSocketMessageReader(WebSocket socket) => _socket = socket;

    /// <summary>The last message read; valid until the next read.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.WrittenMemory;

    /// <summary>Reads the next message and returns its type; <see cref="WebSocketMessageType.Close"/> when the peer closed.</summary>
    public async ValueTask<WebSocketMessageType> ReadAsync(CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return WebSocketMessageType.Close;
            }

            _buffer.Advance(result.Count);
            if (_buffer.WrittenCount > MaxMessageBytes)
            {
                throw new InvalidDataException($"WebSocket message larger than {MaxMessageBytes} bytes.");
            }

            if (result.EndOfMessage)
            {
                return result.MessageType;
            }
        }
    }
}
