using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Siprec.Testing;

/// <summary>
/// The Azure AI Speech real-time WebSocket protocol on 127.0.0.1 (conversation mode): checks <c>Ocp-Apim-Subscription-Key</c>,
/// the query, and the framing of every message (<c>Path</c>, 32-hex <c>X-RequestId</c>, <c>X-Timestamp</c>; <c>speech.config</c>
/// first, <c>speech.context</c> before each turn's audio, a big-endian header length on binary messages, a WAV header at the
/// start of each turn's audio). Each second of a turn's audio is answered with a <c>speech.hypothesis</c> then a
/// <c>speech.phrase</c>, offsets in 100-ns ticks from the turn's start; an empty audio message gets the tail and <c>turn.end</c>.
/// </summary>
internal sealed class FakeAzureSpeechServer : IAsyncDisposable
{
    public const string Key = "azure-test-key";
    public const string Path = "/speech/recognition/conversation/cognitiveservices/v1";
    private readonly ConcurrentDictionary<int, AzureConnection> _connections = new();
    private LoopbackWebSocketHost? _host;
    private int _connectionCount;

    public Uri Endpoint => _host!.Endpoint;

    /// <summary>The connections so far, in the order they arrived.</summary>
    public IReadOnlyList<AzureConnection> Connections => [.. _connections.OrderBy(c => c.Key).Select(c => c.Value)];

    public long AudioBytes => Connections.Sum(c => c.Bytes);

    /// <summary>Connections (1-based) that are aborted after half a second of audio.</summary>
    public HashSet<int> AbortConnections { get; } = [];

    /// <summary>When set, the service ends each turn itself after its first phrase, as it does after a long silence.</summary>
    public bool EndTurnsAfterFirstPhrase { get; set; }

    /// <summary>Messages and requests that broke the protocol.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<FakeAzureSpeechServer> StartAsync()
    {
        var fake = new FakeAzureSpeechServer();
        fake._host = await LoopbackWebSocketHost.StartAsync(Path, fake.HandleAsync);
        return fake;
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers["Ocp-Apim-Subscription-Key"] != Key)
        {
            context.Response.StatusCode = 401;
            return;
        }

        var query = context.Request.Query;
        if (string.IsNullOrEmpty(query["language"]) || query["format"] != "detailed" || !context.WebSockets.IsWebSocketRequest)
        {
            Errors.Enqueue("bad request " + context.Request.QueryString);
            context.Response.StatusCode = 400;
            return;
        }

        var number = Interlocked.Increment(ref _connectionCount);
        var connection = new AzureConnection(query["language"]!);
        _connections[number] = connection;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[256 * 1024];
        var configured = false;
        string? turn = null, endedTurn = null;
        var turnStarted = false;
        var sampleRate = 0;
        long turnBytes = 0, reported = 0;
        var index = 0;
        while (true)
        {
            if (await LoopbackWebSocketHost.ReceiveMessageAsync(socket, buffer, context.RequestAborted) is not var (count, type))
            {
                return;
            }

            var message = buffer.AsSpan(0, count);
            ReadOnlySpan<byte> headerBlock;
            byte[] body;
            if (type == WebSocketMessageType.Binary)
            {
                var headerLength = BinaryPrimitives.ReadUInt16BigEndian(message);
                headerBlock = message.Slice(2, headerLength);
                body = message[(2 + headerLength)..].ToArray();
            }
            else
            {
                var end = message.IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    Errors.Enqueue("text message without a blank line");
                    continue;
                }

                headerBlock = message[..(end + 2)];
                body = message[(end + 4)..].ToArray();
            }

            var headers = ParseHeaders(headerBlock);
            if (!headers.TryGetValue("Path", out var path) || !headers.TryGetValue("X-RequestId", out var requestId)
                || requestId.Length != 32 || !requestId.All(Uri.IsHexDigit)
                || !headers.TryGetValue("X-Timestamp", out var stamp) || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, out _))
            {
                Errors.Enqueue("message without Path, X-RequestId or X-Timestamp: " + string.Join(", ", headers.Keys));
                continue;
            }

            if (!configured)
            {
                if (path != "speech.config" || type != WebSocketMessageType.Text)
                {
                    Errors.Enqueue($"first message is {path}, not speech.config");
                }

                using var config = JsonDocument.Parse(body);
                sampleRate = config.RootElement.GetProperty("context").GetProperty("audio").GetProperty("source").GetProperty("samplerate").GetInt32();
                configured = true;
                continue;
            }

            if (path == "speech.context")
            {
                turn = requestId;
                turnStarted = false;
                turnBytes = reported = 0;
                connection.StartTurn(requestId);
                continue;
            }

            if (path != "audio" || type != WebSocketMessageType.Binary)
            {
                Errors.Enqueue("unexpected message " + path);
                continue;
            }

            if (requestId != turn)
            {
                // Audio already in flight when the service ended the turn itself is dropped, as the service would.
                if (requestId != endedTurn)
                {
                    Errors.Enqueue("audio for a request id without speech.context");
                }

                continue;
            }

            if (body.Length == 0)
            {
                // End of the turn's audio: the last phrase, then turn.end.
                if (turnBytes > reported)
                {
                    await SendPhraseAsync(socket, turn, $"tail {number}", reported, turnBytes - reported, sampleRate);
                }

                await SendAsync(socket, "speech.endDetected", turn, $$"""{"Offset":{{Ticks(turnBytes, sampleRate)}}}""");
                await SendAsync(socket, "turn.end", turn, "{}");
                turn = null;
                continue;
            }

            var audio = body.AsSpan();
            if (!turnStarted)
            {
                if (audio.Length < 44 || !audio[..4].SequenceEqual("RIFF"u8) || !audio.Slice(8, 4).SequenceEqual("WAVE"u8)
                    || BinaryPrimitives.ReadInt32LittleEndian(audio[24..]) != sampleRate || BinaryPrimitives.ReadInt16LittleEndian(audio[22..]) != 1
                    || BinaryPrimitives.ReadInt16LittleEndian(audio[34..]) != 16)
                {
                    Errors.Enqueue("a turn's first audio message does not start with a mono 16-bit WAV header at the configured rate");
                }

                audio = audio[44..];
                turnStarted = true;
            }
            else if (audio.Length >= 4 && audio[..4].SequenceEqual("RIFF"u8))
            {
                Errors.Enqueue("a WAV header in the middle of a turn");
            }

            connection.Record(audio);
            turnBytes += audio.Length;
            if (AbortConnections.Contains(number) && connection.Bytes >= sampleRate)
            {
                context.Abort();
                return;
            }

            var bytesPerSecond = sampleRate * 2;
            while (turnBytes - reported >= bytesPerSecond)
            {
                await SendAsync(socket, "speech.hypothesis", turn, JsonSerializer.Serialize(new { Text = $"hello {number}.{index}", Offset = Ticks(reported, sampleRate), Duration = Ticks(bytesPerSecond / 2, sampleRate) }));
                await SendPhraseAsync(socket, turn, $"hello {number}.{index} final", reported, bytesPerSecond, sampleRate);
                reported += bytesPerSecond;
                index++;
                if (EndTurnsAfterFirstPhrase)
                {
                    await SendAsync(socket, "turn.end", turn, "{}");
                    endedTurn = turn;
                    turn = null;
                    break;
                }
            }
        }
    }

    private static long Ticks(long bytes, int sampleRate) => bytes * TimeSpan.TicksPerSecond / (2L * sampleRate);

    private static Task SendPhraseAsync(WebSocket socket, string turn, string text, long offsetBytes, long lengthBytes, int sampleRate) =>
        SendAsync(socket, "speech.phrase", turn, JsonSerializer.Serialize(new
        {
            RecognitionStatus = "Success",
            Offset = Ticks(offsetBytes, sampleRate),
            Duration = Ticks(lengthBytes, sampleRate),
            NBest = new[] { new { Confidence = 0.91, Lexical = text, ITN = text, MaskedITN = text, Display = text } },
        }));

    private static Task SendAsync(WebSocket socket, string path, string requestId, string json)
    {
        var message = $"X-RequestId:{requestId}\r\nContent-Type:application/json; charset=utf-8\r\nPath:{path}\r\n\r\n{json}";
        return socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
    }

    private static Dictionary<string, string> ParseHeaders(ReadOnlySpan<byte> block)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Encoding.ASCII.GetString(block).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }

    /// <summary>One connection: its turns and its audio (WAV headers excluded) with arrival times (<see cref="Stopwatch"/> timestamps).</summary>
    internal sealed class AzureConnection(string language)
    {
        private readonly Lock _lock = new();
        private readonly List<(long At, int Bytes)> _frames = [];
        private readonly List<string> _turns = [];

        public string Language { get; } = language;

        public IReadOnlyList<string> Turns
        {
            get
            {
                lock (_lock)
                {
                    return [.. _turns];
                }
            }
        }

        public long Bytes
        {
            get
            {
                lock (_lock)
                {
                    return _frames.Sum(f => (long)f.Bytes);
                }
            }
        }

        public long BytesBetween(long from, long to)
        {
            lock (_lock)
            {
                return _frames.Where(f => f.At >= from && f.At < to).Sum(f => (long)f.Bytes);
            }
        }

        public void StartTurn(string requestId)
        {
            lock (_lock)
            {
                _turns.Add(requestId);
            }
        }

        public void Record(ReadOnlySpan<byte> audio)
        {
            lock (_lock)
            {
                _frames.Add((Stopwatch.GetTimestamp(), audio.Length));
            }
        }
    }
}
