using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Siprec.Transcription.Providers.Deepgram;

/// <summary>One Deepgram live connection: binary audio out, <c>Results</c> messages in.</summary>
internal sealed class DeepgramStream : WebSocketSpeechStream
{
    private static readonly ReadOnlyMemory<byte> KeepAliveMessage = """{"type":"KeepAlive"}"""u8.ToArray();
    private static readonly ReadOnlyMemory<byte> CloseStreamMessage = """{"type":"CloseStream"}"""u8.ToArray();

    public DeepgramStream(ClientWebSocket socket, string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
        : base(socket, providerName, options, timeProvider)
    {
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
            await Socket.SendAsync(buffer.AsMemory(0, bytes.Length), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask KeepAliveAsync(CancellationToken cancellationToken) =>
        await Socket.SendAsync(KeepAliveMessage, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        ExpectClose();
        if (Socket.State == WebSocketState.Open)
        {
            await Socket.SendAsync(CloseStreamMessage, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }

        await WaitForCloseAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void HandleMessage(ReadOnlySpan<byte> json)
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
