using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Siprec.Transcription.Audio;

namespace Siprec.Transcription.Providers.Azure;

/// <summary>
/// One Speech service connection in conversation mode. Each turn is one request id: <c>speech.context</c>, then binary
/// <c>audio</c> messages whose first one starts with a WAV header, closed by an empty <c>audio</c> message; the service
/// answers with <c>speech.hypothesis</c>, <c>speech.phrase</c> and <c>turn.end</c>, offsets in 100-ns ticks from the turn's
/// first sample. A pause ends the turn, so no audio flows while paused; resuming opens the next turn on the same connection.
/// </summary>
internal sealed class AzureSpeechStream : WebSocketSpeechStream
{
    private readonly Lock _turnsLock = new();
    private readonly Dictionary<string, TimeSpan> _turnStarts = [];
    private readonly byte[] _wavHeader;
    private TaskCompletionSource? _lastTurnEnded;
    private volatile string? _turn;
    private volatile string? _endedByService;
    private bool _headerSent;

    public AzureSpeechStream(ClientWebSocket socket, string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
        : base(socket, providerName, options, timeProvider)
    {
        _wavHeader = WavEncoder.Encode([], options.SampleRate);
    }

    /// <summary>Sends <c>speech.config</c> once per connection and opens the first turn.</summary>
    public async Task ConfigureAsync(CancellationToken cancellationToken)
    {
        var config = JsonSerializer.Serialize(new
        {
            context = new
            {
                system = new { name = "siprec-server", version = "1", build = "dotnet", lang = "C#" },
                os = new { platform = Environment.OSVersion.Platform.ToString(), name = "siprec-server", version = Environment.OSVersion.VersionString },
                audio = new { source = new { type = "Stream", bitspersample = 16, channelcount = 1, samplerate = Options.SampleRate } },
            },
        });
        await SendTextAsync("speech.config", AzureSpeechMessage.NewRequestId(), config, cancellationToken).ConfigureAwait(false);
        await StartTurnAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
    {
        if (pcm.IsEmpty)
        {
            return;
        }

        if (_turn is { } open && open == _endedByService)
        {
            // The service closed the turn itself (a long silence ends dictation): the audio goes into a new one.
            _turn = null;
        }

        var turn = _turn ?? await StartTurnAsync(cancellationToken).ConfigureAwait(false);
        var prefix = AzureSpeechMessage.AudioPrefix(turn, Time.GetUtcNow());
        var header = _headerSent ? [] : _wavHeader;
        var audio = MemoryMarshal.AsBytes(pcm.Span);
        var length = prefix.Length + header.Length + audio.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            prefix.CopyTo(buffer, 0);
            header.CopyTo(buffer, prefix.Length);
            audio.CopyTo(buffer.AsSpan(prefix.Length + header.Length));
            TimeMap.Record(pcm.Length, sessionOffset);
            await Socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
            _headerSent = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask PauseAsync(CancellationToken cancellationToken) =>
        await EndTurnAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        var ended = await EndTurnAsync(cancellationToken).ConfigureAwait(false);
        if (ended is not null)
        {
            // The service keeps the connection open after a turn: wait for the turn's last phrase, then close.
            await ended.WaitAsync(DrainTimeout, Time, cancellationToken).ConfigureAwait(false);
        }

        ExpectClose();
        if (Socket.State == WebSocketState.Open)
        {
            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
        }

        await WaitForCloseAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void HandleMessage(ReadOnlySpan<byte> message)
    {
        if (!AzureSpeechMessage.TryParse(message, out var path, out var requestId, out var body))
        {
            throw new SpeechProviderException(ProviderName, "message without a header block");
        }

        switch (path)
        {
            case "speech.hypothesis":
                PublishResult(requestId, body, isFinal: false);
                break;
            case "speech.phrase":
                PublishResult(requestId, body, isFinal: true);
                break;
            case "turn.end":
                OnTurnEnd(requestId);
                break;
        }
    }

    private async Task<string> StartTurnAsync(CancellationToken cancellationToken)
    {
        var turn = AzureSpeechMessage.NewRequestId();
        lock (_turnsLock)
        {
            _turnStarts[turn] = TimeMap.Sent;
        }

        await SendTextAsync("speech.context", turn, "{}", cancellationToken).ConfigureAwait(false);
        _turn = turn;
        _headerSent = false;
        return turn;
    }

    /// <summary>Ends the open turn with an empty audio message; returns a task completed by its <c>turn.end</c>, or null without a turn.</summary>
    private async Task<Task?> EndTurnAsync(CancellationToken cancellationToken)
    {
        if (_turn is not { } turn || Socket.State != WebSocketState.Open)
        {
            return null;
        }

        _turn = null;
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_turnsLock)
        {
            _lastTurnEnded = ended;
            if (!_turnStarts.ContainsKey(turn))
            {
                ended.TrySetResult();
            }
        }

        var prefix = AzureSpeechMessage.AudioPrefix(turn, Time.GetUtcNow());
        await Socket.SendAsync(prefix, WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        return ended.Task;
    }

    private void OnTurnEnd(string? requestId)
    {
        lock (_turnsLock)
        {
            if (requestId is null || !_turnStarts.Remove(requestId))
            {
                return;
            }

            if (_turn == requestId)
            {
                _endedByService = requestId;
            }
            else
            {
                _lastTurnEnded?.TrySetResult();
            }
        }
    }

    private void PublishResult(string? requestId, ReadOnlySpan<byte> body, bool isFinal)
    {
        TimeSpan turnStart;
        lock (_turnsLock)
        {
            if (requestId is null || !_turnStarts.TryGetValue(requestId, out turnStart))
            {
                return;
            }
        }

        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        string? text;
        double? confidence = null;
        if (isFinal)
        {
            var status = root.TryGetProperty("RecognitionStatus", out var s) ? s.GetString() : null;
            if (status != "Success")
            {
                if (status is "Error" or "BadRequest" or "Forbidden" or "ServiceUnavailable")
                {
                    throw new SpeechProviderException(ProviderName, $"recognition failed: {status}");
                }

                return;
            }

            text = root.TryGetProperty("DisplayText", out var display) ? display.GetString() : null;
            if (root.TryGetProperty("NBest", out var nbest) && nbest.ValueKind == JsonValueKind.Array && nbest.GetArrayLength() > 0)
            {
                var best = nbest[0];
                text ??= best.TryGetProperty("Display", out var d) ? d.GetString() : null;
                confidence = best.TryGetProperty("Confidence", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : null;
            }
        }
        else
        {
            text = root.TryGetProperty("Text", out var t) ? t.GetString() : null;
        }

        var offset = root.TryGetProperty("Offset", out var o) ? o.GetInt64() : 0;
        var duration = root.TryGetProperty("Duration", out var du) ? du.GetInt64() : 0;
        var start = turnStart + TimeSpan.FromTicks(offset);
        Publish(isFinal, text ?? string.Empty, confidence, start, start + TimeSpan.FromTicks(duration));
    }

    private async Task SendTextAsync(string path, string requestId, string json, CancellationToken cancellationToken) =>
        await Socket.SendAsync(AzureSpeechMessage.Text(path, requestId, Time.GetUtcNow(), json), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
}
