using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Siprec.Testing;

/// <summary>
/// Deepgram's live protocol on 127.0.0.1 (<c>/v1/listen</c>): checks <c>Authorization: Token</c> and the linear16 query,
/// records every binary audio frame with its arrival time per connection, answers each second of audio with an interim then
/// a final <c>Results</c> message, counts KeepAlive and answers CloseStream with the tail, a Metadata message and a close.
/// While <see cref="Refusing"/> is set, every connection attempt is answered 503 without an upgrade, as during an outage.
/// </summary>
internal sealed class FakeDeepgramServer : IAsyncDisposable
{
    public const string ApiKey = "dg-test-key";
    private readonly ConcurrentDictionary<int, DeepgramConnection> _connections = new();
    private LoopbackWebSocketHost? _host;
    private int _connectionCount;
    private int _refused;
    private volatile bool _refusing;

    public Uri ListenUri => _host!.Endpoint;

    /// <summary>The connections so far, in the order they arrived.</summary>
    public IReadOnlyList<DeepgramConnection> Connections => [.. _connections.OrderBy(c => c.Key).Select(c => c.Value)];

    public long AudioBytes => Connections.Sum(c => c.Bytes);

    public int KeepAlives => Connections.Sum(c => c.KeepAlives);

    public int CloseStreams => Connections.Count(c => c.CloseStreamReceived);

    /// <summary>Connections (1-based) that are aborted after half a second of audio.</summary>
    public HashSet<int> AbortConnections { get; } = [];

    /// <summary>While true every connection attempt is answered 503 Service Unavailable instead of being upgraded.</summary>
    public bool Refusing
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>Connection attempts answered 503 because <see cref="Refusing"/> was set.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Requests that broke the protocol.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<FakeDeepgramServer> StartAsync()
    {
        var fake = new FakeDeepgramServer();
        fake._host = await LoopbackWebSocketHost.StartAsync("/v1/listen", fake.HandleAsync);
        return fake;
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        if (_refusing)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = 503;
            return;
        }

        if (context.Request.Headers.Authorization != "Token " + ApiKey)
        {
            Errors.Enqueue("bad Authorization header");
            context.Response.StatusCode = 401;
            return;
        }

        var query = context.Request.Query;
        if (query["encoding"] != "linear16" || query["channels"] != "1" || query["interim_results"] != "true"
            || !int.TryParse(query["sample_rate"], CultureInfo.InvariantCulture, out var rate))
        {
            Errors.Enqueue("bad query " + context.Request.QueryString);
            context.Response.StatusCode = 400;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            Errors.Enqueue("not a WebSocket request");
            context.Response.StatusCode = 426;
            return;
        }

        var number = Interlocked.Increment(ref _connectionCount);
        var connection = new DeepgramConnection(rate);
        _connections[number] = connection;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        long reported = 0;
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
                connection.Record(received.Count);
                if (AbortConnections.Contains(number) && connection.Bytes >= bytesPerSecond / 2)
                {
                    context.Abort();
                    return;
                }

                while (connection.Bytes - reported >= bytesPerSecond)
                {
                    var start = (double)reported / bytesPerSecond;
                    await SendResultAsync(socket, $"hello {number}.{index}", start, 0.5, false);
                    await SendResultAsync(socket, $"hello {number}.{index} final", start, 1.0, true);
                    reported += bytesPerSecond;
                    index++;
                }

                continue;
            }

            using var json = JsonDocument.Parse(buffer.AsMemory(0, received.Count));
            var type = json.RootElement.GetProperty("type").GetString();
            if (type == "KeepAlive")
            {
                connection.KeepAlive();
            }
            else if (type == "CloseStream")
            {
                connection.CloseStream();
                if (connection.Bytes > reported)
                {
                    var start = (double)reported / bytesPerSecond;
                    await SendResultAsync(socket, $"tail {number}", start, (double)(connection.Bytes - reported) / bytesPerSecond, true);
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

    /// <summary>One recognition stream: its audio frames with their arrival times (<see cref="Stopwatch"/> timestamps).</summary>
    internal sealed class DeepgramConnection(int sampleRate)
    {
        private readonly Lock _lock = new();
        private readonly List<(long At, int Bytes)> _frames = [];
        private long _bytes;
        private int _keepAlives;
        private volatile bool _closeStreamReceived;

        public int SampleRate { get; } = sampleRate;

        public long Bytes => Interlocked.Read(ref _bytes);

        public int KeepAlives => Volatile.Read(ref _keepAlives);

        public bool CloseStreamReceived => _closeStreamReceived;

        public TimeSpan AudioDuration => TimeSpan.FromSeconds(Bytes / (2.0 * SampleRate));

        /// <summary>Audio bytes that arrived between two <see cref="Stopwatch"/> timestamps.</summary>
        public long BytesBetween(long from, long to)
        {
            lock (_lock)
            {
                return _frames.Where(f => f.At >= from && f.At < to).Sum(f => (long)f.Bytes);
            }
        }

        public void Record(int bytes)
        {
            lock (_lock)
            {
                _frames.Add((Stopwatch.GetTimestamp(), bytes));
            }

            Interlocked.Add(ref _bytes, bytes);
        }

        public void KeepAlive() => Interlocked.Increment(ref _keepAlives);

        public void CloseStream() => _closeStreamReceived = true;
    }
}
