using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Siprec.Transcription.Providers.Aws;

/// <summary>
/// One Transcribe streaming connection: each audio write is one <c>AudioEvent</c>, an empty one ends the stream, and
/// <c>TranscriptEvent</c>s carry partial and final results with start/end in seconds of the audio sent. The service closes a
/// stream after 15 s without audio, so while paused or idle a keep-alive is a short <c>AudioEvent</c> of digital silence,
/// never audio from the call.
/// </summary>
internal sealed class AwsTranscribeStream : WebSocketSpeechStream
{
    private static readonly TimeSpan KeepAliveLength = TimeSpan.FromMilliseconds(100);

    private static readonly byte[] AudioEventHeaders = AwsEventStreamMessage.EncodeHeaders(
    [
        new(":content-type", "application/octet-stream"),
        new(":event-type", "AudioEvent"),
        new(":message-type", "event"),
    ]);

    private readonly byte[] _keepAliveSilence;
    private TimeSpan _sessionPosition;

    public AwsTranscribeStream(ClientWebSocket socket, string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
        : base(socket, providerName, options, timeProvider)
    {
        _sessionPosition = options.SessionOffset;
        _keepAliveSilence = new byte[(int)(options.SampleRate * KeepAliveLength.TotalSeconds) * 2];
    }

    public override async ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
    {
        if (pcm.IsEmpty)
        {
            return;
        }

        TimeMap.Record(pcm.Length, sessionOffset);
        _sessionPosition = sessionOffset + TimeSpan.FromTicks(pcm.Length * TimeSpan.TicksPerSecond / Options.SampleRate);
        await SendAudioEventAsync(MemoryMarshal.AsBytes(pcm.Span), cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask KeepAliveAsync(CancellationToken cancellationToken)
    {
        // Silence occupies provider time too: map it at the last session position so later results stay on the session clock.
        TimeMap.Record(_keepAliveSilence.Length / 2, _sessionPosition);
        await SendAudioEventAsync(_keepAliveSilence, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        ExpectClose();
        if (Socket.State == WebSocketState.Open)
        {
            await SendAudioEventAsync([], cancellationToken).ConfigureAwait(false);
        }

        await WaitForCloseAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void HandleMessage(ReadOnlySpan<byte> json)
    {
    }

    protected override void HandleBinaryMessage(ReadOnlySpan<byte> message)
    {
        if (!AwsEventStreamMessage.TryRead(message, out var decoded, out _))
        {
            throw new SpeechProviderException(ProviderName, "truncated event-stream message");
        }

        if (decoded!.MessageType == "exception")
        {
            var detail = ReadExceptionMessage(decoded.Payload.Span);
            throw new SpeechProviderException(ProviderName, $"{decoded.ExceptionType}: {detail}");
        }

        if (decoded.MessageType != "event" || decoded.EventType != "TranscriptEvent")
        {
            return;
        }

        using var document = JsonDocument.Parse(decoded.Payload);
        if (!document.RootElement.TryGetProperty("Transcript", out var transcript)
            || !transcript.TryGetProperty("Results", out var results)
            || results.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var result in results.EnumerateArray())
        {
            if (!result.TryGetProperty("Alternatives", out var alternatives) || alternatives.GetArrayLength() == 0)
            {
                continue;
            }

            var best = alternatives[0];
            var text = best.TryGetProperty("Transcript", out var t) ? t.GetString() ?? string.Empty : string.Empty;
            var isFinal = !(result.TryGetProperty("IsPartial", out var partial) && partial.ValueKind == JsonValueKind.True);
            var start = result.TryGetProperty("StartTime", out var s) ? s.GetDouble() : 0;
            var end = result.TryGetProperty("EndTime", out var e) ? e.GetDouble() : start;
            Publish(isFinal, text, Confidence(best), TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end));
        }
    }

    /// <summary>The mean of the items' confidences, which final results carry; null when none do.</summary>
    private static double? Confidence(JsonElement alternative)
    {
        if (!alternative.TryGetProperty("Items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var values = items.EnumerateArray()
            .Where(i => i.TryGetProperty("Confidence", out var c) && c.ValueKind == JsonValueKind.Number)
            .Select(i => i.GetProperty("Confidence").GetDouble())
            .ToList();
        return values.Count == 0 ? null : values.Average();
    }

    private static string ReadExceptionMessage(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.TryGetProperty("Message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(payload);
        }
    }

    private ValueTask SendAudioEventAsync(ReadOnlySpan<byte> audio, CancellationToken cancellationToken)
    {
        var length = AwsEventStreamMessage.EncodedLength(AudioEventHeaders.Length, audio.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        AwsEventStreamMessage.Write(buffer, AudioEventHeaders, audio);
        return SendAndReturnAsync(buffer, length, cancellationToken);
    }

    private async ValueTask SendAndReturnAsync(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            await Socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
