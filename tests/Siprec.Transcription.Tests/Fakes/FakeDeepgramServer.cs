using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Siprec.Transcription.Tests.Fakes;

/// <summary>
/// Speaks Deepgram's live protocol on /v1/listen: checks <c>Authorization: Token</c> and the linear16 query, counts binary audio,
/// answers every second of audio with an interim then a final <c>Results</c> message, honours KeepAlive and CloseStream.
/// </summary>
internal sealed class FakeDeepgramServer : IAsyncDisposable
{
    public const string ApiKey = "dg-test-key";
    private LoopbackServer? _server;
    private long _audioBytes;
    private int _keepAlives;
    private int _connections;
    private int _closeStreams;

    public Uri ListenUri => new(_server!.BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "v1/listen");

    public long AudioBytes => Interlocked.Read(ref _audioBytes);

    public int KeepAlives => Volatile.Read(ref _keepAlives);

    public int Connections => Volatile.Read(ref _connections);

    public int CloseStreams => Volatile.Read(ref _closeStreams);

    /// <summary>Connections (1-based) that are aborted after half a second of audio.</summary>
    public HashSet<int> AbortConnections { get; } = [];

    public List<string> Errors { get; } = [];

    public static async Task<FakeDeepgramServer> StartAsync()
    {
        var fake = new FakeDeepgramServer();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/v1/listen", fake.HandleAsync);
        });
        return fake;
    }

    public ValueTask DisposeAsync() => _server!.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != "Token " + ApiKey)
        {
            context.Response.StatusCode = 401;
            return;
        }

        var query = context.Request.Query;
        if (query["encoding"] != "linear16" || query["channels"] != "1" || query["interim_results"] != "true"
            || !int.TryParse(query["sample_rate"], CultureInfo.InvariantCulture, out var rate))
        {
            lock (Errors)
            {
                Errors.Add("bad query " + context.Request.QueryString);
            }

            context.Response.StatusCode = 400;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 426;
            return;
        }

        var connection = Interlocked.Increment(ref _connections);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        long connectionBytes = 0;
        long reportedBytes = 0;
        var bytesPerSecond = rate * 2;
        var index = 0;
        while (true)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer, context.RequestAborted);
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

            if (received.MessageType == WebSocketMessageType.Binary)
            {
                Interlocked.Add(ref _audioBytes, received.Count);
                connectionBytes += received.Count;
                if (AbortConnections.Contains(connection) && connectionBytes >= bytesPerSecond / 2)
                {
                    context.Abort();
                    return;
                }

                while (connectionBytes - reportedBytes >= bytesPerSecond)
                {
                    var start = (double)reportedBytes / bytesPerSecond;
                    await SendResultAsync(socket, $"hello {connection}.{index}", start, 0.5, false);
                    await SendResultAsync(socket, $"hello {connection}.{index} final", start, 1.0, true);
                    reportedBytes += bytesPerSecond;
                    index++;
                }

                continue;
            }

            using var json = JsonDocument.Parse(buffer.AsMemory(0, received.Count));
            var type = json.RootElement.GetProperty("type").GetString();
            if (type == "KeepAlive")
            {
                Interlocked.Increment(ref _keepAlives);
            }
            else if (type == "CloseStream")
            {
                Interlocked.Increment(ref _closeStreams);
                if (connectionBytes > reportedBytes)
                {
                    var start = (double)reportedBytes / bytesPerSecond;
                    await SendResultAsync(socket, $"tail {connection}", start, (double)(connectionBytes - reportedBytes) / bytesPerSecond, true);
                }

                await socket.SendAsync("""{"type":"Metadata","request_id":"r1"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }
        }
    }

    private static Task SendResultAsync(WebSocket socket, string text, double start, double duration, bool isFinal)
    {
        var message = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "Results",
            channel_index = new[] { 0, 1 },
            duration,
            start,
            is_final = isFinal,
            speech_final = isFinal,
            channel = new { alternatives = new[] { new { transcript = text, confidence = 0.93, words = Array.Empty<object>() } } },
        });
        return socket.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
    }
}
