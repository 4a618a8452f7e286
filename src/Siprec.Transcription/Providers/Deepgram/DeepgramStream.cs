using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Siprec.Transcription.Providers.Deepgram;

/// <summary>One Deepgram live connection: binary audio out, <c>Results</c> messages in.</summary>
internal sealed class DeepgramStream : SpeechStreamBase
{
    private static readonly ReadOnlyMemory<byte> KeepAliveMessage = """{"type":"KeepAlive"}"""u8.ToArray();
    private static readonly ReadOnlyMemory<byte> CloseStreamMessage = """{"type":"CloseStream"}"""u8.ToArray();
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _receiveCancellation = new();
    private readonly Task _receiveLoop;
    private volatile bool _closing;

    public DeepgramStream(ClientWebSocket socket, string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
        : base(providerName, options, timeProvider)
    {
        _socket = socket;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public override async ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
    {
        if (pcm.IsEmpty)
        {
            return;
        }

        var bytes = MemoryMarshal.AsBytes(pcm.Span);
        var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length);
        try
        {
            bytes.CopyTo(buffer);
            TimeMap.Record(pcm.Length, sessionOffset);
            await _socket.SendAsync(buffer.AsMemory(0, bytes.Length), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask KeepAliveAsync(CancellationToken cancellationToken) =>
        await _socket.SendAsync(KeepAliveMessage, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _closing = true;
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.SendAsync(CloseStreamMessage, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }

        await _receiveLoop.WaitAsync(DrainTimeout, Time, cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        _closing = true;
        await _receiveCancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop was stopped on purpose.
        }

        _socket.Dispose();
        _receiveCancellation.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var reader = new WebSocketMessageReader(_socket);
        try
        {
            while (true)
            {
                var type = await reader.ReadAsync(_receiveCancellation.Token).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    if (!_closing)
                    {
                        throw new SpeechProviderException(ProviderName, $"server closed the stream: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
                    }

                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _receiveCancellation.Token).ConfigureAwait(false);
                    }

                    CompleteResults(null);
                    return;
                }

                if (type == WebSocketMessageType.Text)
                {
                    HandleMessage(reader.Message.Span);
                }
            }
        }
        catch (OperationCanceledException) when (_receiveCancellation.IsCancellationRequested)
        {
            CompleteResults(null);
        }
        catch (Exception ex)
        {
            // Any transport or protocol failure ends this stream; the feed reconnects.
            CompleteResults(ex as SpeechProviderException ?? new SpeechProviderException(ProviderName, ex.Message, ex));
        }
    }

    private void HandleMessage(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type))
        {
            return;
        }

        if (type.ValueEquals("Error"u8))
        {
            var description = root.TryGetProperty("description", out var d) ? d.GetString() : "unknown error";
            throw new SpeechProviderException(ProviderName, $"server error: {description}");
        }

        if (!type.ValueEquals("Results"u8)
            || !root.TryGetProperty("channel", out var channel)
            || !channel.TryGetProperty("alternatives", out var alternatives)
            || alternatives.GetArrayLength() == 0)
        {
            return;
        }

        var best = alternatives[0];
        var text = best.TryGetProperty("transcript", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        double? confidence = best.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : null;
        var isFinal = root.TryGetProperty("is_final", out var f) && f.ValueKind == JsonValueKind.True;
        var start = root.TryGetProperty("start", out var s) ? s.GetDouble() : 0;
        var duration = root.TryGetProperty("duration", out var du) ? du.GetDouble() : 0;
        Publish(isFinal, text, confidence, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(start + duration));
    }
}
