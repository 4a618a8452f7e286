using System.Buffers;
using System.Buffers.Text;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Siprec.Transcription.Providers.OpenAi;

/// <summary>
/// One Realtime transcription session: <c>session.update</c>, then <c>input_audio_buffer.append</c> events; the server's VAD
/// cuts turns and <c>conversation.item.input_audio_transcription.delta</c>/<c>.completed</c> carry the text.
/// </summary>
internal sealed class OpenAiRealtimeStream : WebSocketSpeechStream
{
    private static readonly byte[] AppendPrefix = "{\"type\":\"input_audio_buffer.append\",\"audio\":\""u8.ToArray();
    private static readonly byte[] AppendSuffix = "\"}"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> CommitMessage = """{"type":"input_audio_buffer.commit"}"""u8.ToArray();
    private readonly Dictionary<string, Turn> _turns = [];
    private readonly Lock _turnsLock = new();
    private volatile bool _inSpeech;

    public OpenAiRealtimeStream(ClientWebSocket socket, string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
        : base(socket, providerName, options, timeProvider)
    {
    }

    public async Task ConfigureAsync(string model, string? language, CancellationToken cancellationToken)
    {
        var transcription = new Dictionary<string, object> { ["model"] = model };
        if (language is not null)
        {
            transcription["language"] = language;
        }

        var update = new
        {
            type = "session.update",
            session = new
            {
                type = "transcription",
                audio = new
                {
                    input = new
                    {
                        format = new { type = "audio/pcm", rate = Options.SampleRate },
                        transcription,
                        turn_detection = new { type = "server_vad", threshold = 0.5, prefix_padding_ms = 300, silence_duration_ms = 500 },
                    },
                },
            },
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(update);
        await Socket.SendAsync(json, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
    {
        if (pcm.IsEmpty)
        {
            return;
        }

        var bytes = MemoryMarshal.AsBytes(pcm.Span);
        var length = AppendPrefix.Length + Base64.GetMaxEncodedToUtf8Length(bytes.Length) + AppendSuffix.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            AppendPrefix.CopyTo(buffer, 0);
            Base64.EncodeToUtf8(bytes, buffer.AsSpan(AppendPrefix.Length), out _, out var written);
            var end = AppendPrefix.Length + written;
            AppendSuffix.CopyTo(buffer, end);
            TimeMap.Record(pcm.Length, sessionOffset);
            await Socket.SendAsync(buffer.AsMemory(0, end + AppendSuffix.Length), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask PauseAsync(CancellationToken cancellationToken)
    {
        if (_inSpeech)
        {
            // The turn is cut at the pause so its text is not held back until after resume.
            await Socket.SendAsync(CommitMessage, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (Socket.State == WebSocketState.Open && _inSpeech)
        {
            await Socket.SendAsync(CommitMessage, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }

        var drainStarted = Time.GetTimestamp();
        while (PendingTurns > 0 && Socket.State == WebSocketState.Open && Time.GetElapsedTime(drainStarted) < DrainTimeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), Time, cancellationToken).ConfigureAwait(false);
        }

        ExpectClose();
        if (Socket.State == WebSocketState.Open)
        {
            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken).ConfigureAwait(false);
        }

        await WaitForCloseAsync(cancellationToken).ConfigureAwait(false);
    }

    private int PendingTurns
    {
        get
        {
            lock (_turnsLock)
            {
                return _turns.Count;
            }
        }
    }

    protected override void HandleMessage(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement))
        {
            return;
        }

        var type = typeElement.GetString();
        var itemId = root.TryGetProperty("item_id", out var item) ? item.GetString() ?? string.Empty : string.Empty;
        switch (type)
        {
            case "input_audio_buffer.speech_started":
                _inSpeech = true;
                TurnFor(itemId).Start = Milliseconds(root, "audio_start_ms") ?? TimeMap.Sent;
                break;
            case "input_audio_buffer.speech_stopped":
                _inSpeech = false;
                TurnFor(itemId).End = Milliseconds(root, "audio_end_ms");
                break;
            case "input_audio_buffer.committed":
                _inSpeech = false;
                TurnFor(itemId).End ??= TimeMap.Sent;
                break;
            case "conversation.item.input_audio_transcription.delta":
                {
                    var turn = TurnFor(itemId);
                    turn.Text.Append(root.TryGetProperty("delta", out var delta) ? delta.GetString() : null);
                    Publish(false, turn.Text.ToString(), null, turn.Start, turn.End ?? TimeMap.Sent);
                    break;
                }

            case "conversation.item.input_audio_transcription.completed":
                {
                    var turn = TurnFor(itemId);
                    var text = root.TryGetProperty("transcript", out var transcript) ? transcript.GetString() ?? string.Empty : turn.Text.ToString();
                    RemoveTurn(itemId);
                    Publish(true, text, null, turn.Start, turn.End ?? TimeMap.Sent);
                    break;
                }

            case "conversation.item.input_audio_transcription.failed":
                RemoveTurn(itemId);
                break;
            case "error":
                var message = root.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var m) ? m.GetString() : "unknown error";
                throw new SpeechProviderException(ProviderName, $"server error: {message}");
        }
    }

    private Turn TurnFor(string itemId)
    {
        lock (_turnsLock)
        {
            if (!_turns.TryGetValue(itemId, out var turn))
            {
                turn = new Turn();
                _turns[itemId] = turn;
            }

            return turn;
        }
    }

    private void RemoveTurn(string itemId)
    {
        lock (_turnsLock)
        {
            _turns.Remove(itemId);
        }
    }

    private static TimeSpan? Milliseconds(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? TimeSpan.FromMilliseconds(value.GetDouble()) : null;

    private sealed class Turn
    {
        public TimeSpan Start { get; set; }

        public TimeSpan? End { get; set; }

        public StringBuilder Text { get; } = new();
    }
}
