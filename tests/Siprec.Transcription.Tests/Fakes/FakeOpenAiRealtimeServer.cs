using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Siprec.Transcription.Tests.Fakes;

/// <summary>
/// Speaks the OpenAI Realtime transcription protocol on /v1/realtime?intent=transcription: requires a bearer key and a
/// <c>session.update</c> of type transcription with 24 kHz PCM, decodes base64 <c>input_audio_buffer.append</c> audio, and per
/// second of audio plays a server-VAD turn (speech_started, speech_stopped, committed, two deltas, completed).
/// </summary>
internal sealed class FakeOpenAiRealtimeServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test";
    private LoopbackServer? _server;
    private long _audioBytes;
    private int _connections;

    public Uri RealtimeUri => new(_server!.BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "v1/realtime?intent=transcription");

    public long AudioBytes => Interlocked.Read(ref _audioBytes);

    public int Connections => Volatile.Read(ref _connections);

    public List<string> Errors { get; } = [];

    public static async Task<FakeOpenAiRealtimeServer> StartAsync()
    {
        var fake = new FakeOpenAiRealtimeServer();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/v1/realtime", fake.HandleAsync);
        });
        return fake;
    }

    public ValueTask DisposeAsync() => _server!.DisposeAsync();

    private void Error(string message)
    {
        lock (Errors)
        {
            Errors.Add(message);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != "Bearer " + ApiKey || context.Request.Query["intent"] != "transcription")
        {
            context.Response.StatusCode = 401;
            return;
        }

        var connection = Interlocked.Increment(ref _connections);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[1 << 20];
        var configured = false;
        long connectionBytes = 0;
        long turnStartBytes = 0;
        var bytesPerSecond = 24000 * 2;
        var turn = 0;
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                try
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(length), context.RequestAborted);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                length += received.Count;
            }
            while (!received.EndOfMessage);

            using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
            var root = json.RootElement;
            switch (root.GetProperty("type").GetString())
            {
                case "session.update":
                    var session = root.GetProperty("session");
                    var input = session.GetProperty("audio").GetProperty("input");
                    if (session.GetProperty("type").GetString() != "transcription"
                        || input.GetProperty("format").GetProperty("type").GetString() != "audio/pcm"
                        || input.GetProperty("format").GetProperty("rate").GetInt32() != 24000
                        || string.IsNullOrEmpty(input.GetProperty("transcription").GetProperty("model").GetString()))
                    {
                        Error("bad session.update " + root.GetRawText());
                        await SendAsync(socket, new { type = "error", error = new { type = "invalid_request_error", message = "bad session" } });
                        continue;
                    }

                    configured = true;
                    await SendAsync(socket, new { type = "session.updated", session = new { type = "transcription" } });
                    break;
                case "input_audio_buffer.append":
                    if (!configured)
                    {
                        Error("audio before session.update");
                    }

                    var audio = Convert.FromBase64String(root.GetProperty("audio").GetString()!);
                    Interlocked.Add(ref _audioBytes, audio.Length);
                    connectionBytes += audio.Length;
                    while (connectionBytes - turnStartBytes >= bytesPerSecond)
                    {
                        await PlayTurnAsync(socket, $"item_{connection}_{turn}", turnStartBytes * 1000 / bytesPerSecond, turn);
                        turnStartBytes += bytesPerSecond;
                        turn++;
                    }

                    break;
                case "input_audio_buffer.commit":
                    break;
                default:
                    Error("unexpected event " + root.GetRawText());
                    break;
            }
        }
    }

    private static async Task PlayTurnAsync(WebSocket socket, string itemId, long startMs, int turn)
    {
        await SendAsync(socket, new { type = "input_audio_buffer.speech_started", audio_start_ms = startMs + 100, item_id = itemId });
        await SendAsync(socket, new { type = "input_audio_buffer.speech_stopped", audio_end_ms = startMs + 900, item_id = itemId });
        await SendAsync(socket, new { type = "input_audio_buffer.committed", previous_item_id = (string?)null, item_id = itemId });
        await SendAsync(socket, new { type = "conversation.item.input_audio_transcription.delta", item_id = itemId, content_index = 0, delta = "good " });
        await SendAsync(socket, new { type = "conversation.item.input_audio_transcription.delta", item_id = itemId, content_index = 0, delta = "morning" });
        await SendAsync(socket, new { type = "conversation.item.input_audio_transcription.completed", item_id = itemId, content_index = 0, transcript = $"Good morning {turn}." });
    }

    private static Task SendAsync(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
}
