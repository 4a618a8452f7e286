using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Siprec.Transcription.Providers.Aws;

namespace Siprec.Testing;

/// <summary>
/// Amazon Transcribe streaming over WebSocket on 127.0.0.1 (<c>/stream-transcription-websocket</c>): verifies the SigV4
/// presigned query as the service would (credential scope, date, expiry, the signature over the host it was reached at;
/// 403 otherwise), reads event-stream <c>AudioEvent</c>s, and answers each second of non-silent audio with a partial then a
/// final <c>TranscriptEvent</c> timed in seconds of the audio received (silence counts in time, as for the real service, but
/// is never transcribed). An empty <c>AudioEvent</c> gets the tail and a close.
/// </summary>
internal sealed class FakeAwsTranscribeServer : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDFAKETRANSCRIBE";
    public const string SecretAccessKey = "fake/transcribe+secret";
    public const string Region = "eu-west-1";
    private const string Path = "/stream-transcription-websocket";

    private static readonly byte[] TranscriptEventHeaders = AwsEventStreamMessage.EncodeHeaders(
    [
        new(":event-type", "TranscriptEvent"),
        new(":content-type", "application/json"),
        new(":message-type", "event"),
    ]);

    private readonly ConcurrentDictionary<int, AwsConnection> _connections = new();
    private LoopbackWebSocketHost? _host;
    private int _connectionCount;

    public Uri Endpoint => _host!.Endpoint;

    public IReadOnlyList<AwsConnection> Connections => [.. _connections.OrderBy(c => c.Key).Select(c => c.Value)];

    /// <summary>Call audio bytes received (keep-alive silence excluded).</summary>
    public long AudioBytes => Connections.Sum(c => c.SpeechBytes);

    /// <summary>Connections (1-based) answered, after half a second of audio, with a <c>LimitExceededException</c> and a close.</summary>
    public HashSet<int> FailConnections { get; } = [];

    /// <summary>Requests refused for their signature, and messages that broke the protocol.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public ConcurrentQueue<string> Refused { get; } = new();

    public static async Task<FakeAwsTranscribeServer> StartAsync()
    {
        var fake = new FakeAwsTranscribeServer();
        fake._host = await LoopbackWebSocketHost.StartAsync(Path, fake.HandleAsync);
        return fake;
    }

    public ValueTask DisposeAsync() => _host?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        if (VerifySignature(context.Request) is { } refusal)
        {
            Refused.Enqueue(refusal);
            context.Response.StatusCode = 403;
            return;
        }

        var query = context.Request.Query;
        if (query["media-encoding"] != "pcm" || string.IsNullOrEmpty(query["language-code"])
            || !int.TryParse(query["sample-rate"], CultureInfo.InvariantCulture, out var rate) || !context.WebSockets.IsWebSocketRequest)
        {
            Errors.Enqueue("bad request " + context.Request.QueryString);
            context.Response.StatusCode = 400;
            return;
        }

        var number = Interlocked.Increment(ref _connectionCount);
        var connection = new AwsConnection(query["language-code"]!, rate);
        _connections[number] = connection;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[256 * 1024];
        var bytesPerSecond = rate * 2;
        long position = 0, pending = 0, segmentStart = -1;
        var index = 0;
        while (true)
        {
            if (await LoopbackWebSocketHost.ReceiveMessageAsync(socket, buffer, context.RequestAborted) is not var (count, type))
            {
                return;
            }

            AwsEventStreamMessage? message;
            try
            {
                if (type != WebSocketMessageType.Binary || !AwsEventStreamMessage.TryRead(buffer.AsSpan(0, count), out message, out var consumed) || consumed != count)
                {
                    Errors.Enqueue("a WebSocket message that is not exactly one event-stream message");
                    continue;
                }
            }
            catch (InvalidDataException ex)
            {
                Errors.Enqueue(ex.Message);
                continue;
            }

            if (message!.MessageType != "event" || message.EventType != "AudioEvent" || message.Headers.GetValueOrDefault(":content-type") != "application/octet-stream")
            {
                Errors.Enqueue("not an AudioEvent: " + string.Join(", ", message.Headers.Select(h => $"{h.Key}={h.Value}")));
                continue;
            }

            var audio = message.Payload.Span;
            if (audio.IsEmpty)
            {
                connection.EndOfStream();
                if (pending > 0)
                {
                    await SendTranscriptAsync(socket, $"tail {number}", Seconds(segmentStart, rate), Seconds(position, rate), partial: false);
                }

                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            var silent = !audio.ContainsAnyExcept((byte)0);
            connection.Record(audio.Length, silent);
            if (!silent && segmentStart < 0)
            {
                segmentStart = position;
            }

            position += audio.Length;
            if (silent)
            {
                continue;
            }

            pending += audio.Length;
            if (FailConnections.Contains(number) && connection.SpeechBytes >= bytesPerSecond / 2)
            {
                var exception = AwsEventStreamMessage.EncodeHeaders([new(":exception-type", "LimitExceededException"), new(":content-type", "application/json"), new(":message-type", "exception")]);
                await SendAsync(socket, exception, """{"Message":"You have reached your limit of concurrent streams."}"""u8.ToArray());
                await socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "LimitExceededException", CancellationToken.None);
                return;
            }

            while (pending >= bytesPerSecond)
            {
                var end = position - (pending - bytesPerSecond);
                await SendTranscriptAsync(socket, $"hello {number}.{index}", Seconds(segmentStart, rate), Seconds(segmentStart + (bytesPerSecond / 2), rate), partial: true);
                await SendTranscriptAsync(socket, $"hello {number}.{index} final", Seconds(segmentStart, rate), Seconds(end, rate), partial: false);
                pending -= bytesPerSecond;
                segmentStart = pending > 0 ? end : -1;
                index++;
            }
        }
    }

    private static double Seconds(long bytes, int rate) => bytes / (2.0 * rate);

    /// <summary>The service's check of a presigned request; null when it passes, else why it is refused.</summary>
    private static string? VerifySignature(HttpRequest request)
    {
        var query = request.Query;
        var date = query["X-Amz-Date"].ToString();
        if (query["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256" || query["X-Amz-SignedHeaders"] != "host" || date.Length != 16)
        {
            return "missing or malformed X-Amz-Algorithm, X-Amz-SignedHeaders or X-Amz-Date";
        }

        var scope = $"{date[..8]}/{Region}/transcribe/aws4_request";
        if (query["X-Amz-Credential"] != $"{AccessKeyId}/{scope}")
        {
            return "credential scope is not " + scope;
        }

        if (!int.TryParse(query["X-Amz-Expires"], CultureInfo.InvariantCulture, out var expires) || expires is <= 0 or > 300)
        {
            return "X-Amz-Expires must be 1 to 300 seconds";
        }

        var signed = DateTime.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        if (DateTime.UtcNow > signed.AddSeconds(expires) || signed > DateTime.UtcNow.AddMinutes(5))
        {
            return "the presigned URL has expired or is from the future";
        }

        var canonicalQuery = string.Join('&', query
            .Where(p => p.Key != "X-Amz-Signature")
            .SelectMany(p => p.Value.Select(v => (Name: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(v ?? string.Empty))))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var canonicalRequest = $"GET\n{request.Path}\n{canonicalQuery}\nhost:{request.Host}\n\nhost\n{AwsSigV4Presigner.EmptyPayloadHash}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{date}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = AwsSigV4Presigner.SigningKey(SecretAccessKey, date[..8], Region, "transcribe");
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return query["X-Amz-Signature"] == expected ? null : "signature mismatch";
    }

    private static Task SendTranscriptAsync(WebSocket socket, string text, double start, double end, bool partial)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            Transcript = new
            {
                Results = new[]
                {
                    new
                    {
                        Alternatives = new[]
                        {
                            new
                            {
                                Transcript = text,
                                Items = partial
                                    ? Array.Empty<object>()
                                    : [new { Content = text, Type = "pronunciation", StartTime = start, EndTime = end, Confidence = 0.8 }, new { Content = text, Type = "pronunciation", StartTime = start, EndTime = end, Confidence = 1.0 }],
                            },
                        },
                        ChannelId = "ch_0",
                        EndTime = end,
                        IsPartial = partial,
                        ResultId = Guid.NewGuid().ToString(),
                        StartTime = start,
                    },
                },
            },
        });
        return SendAsync(socket, TranscriptEventHeaders, json);
    }

    private static Task SendAsync(WebSocket socket, byte[] headers, byte[] payload)
    {
        var message = new byte[AwsEventStreamMessage.EncodedLength(headers.Length, payload.Length)];
        AwsEventStreamMessage.Write(message, headers, payload);
        return socket.SendAsync(message, WebSocketMessageType.Binary, true, CancellationToken.None);
    }

    /// <summary>One stream: its audio events (speech or digital silence) with arrival times (<see cref="Stopwatch"/> timestamps).</summary>
    internal sealed class AwsConnection(string language, int sampleRate)
    {
        private readonly Lock _lock = new();
        private readonly List<(long At, int Bytes, bool Silent)> _events = [];
        private volatile bool _ended;

        public string Language { get; } = language;

        public int SampleRate { get; } = sampleRate;

        public bool Ended => _ended;

        public long SpeechBytes => Sum(e => !e.Silent);

        public int KeepAlives
        {
            get
            {
                lock (_lock)
                {
                    return _events.Count(e => e.Silent);
                }
            }
        }

        public long SpeechBytesBetween(long from, long to) => Sum(e => !e.Silent && e.At >= from && e.At < to);

        public void Record(int bytes, bool silent)
        {
            lock (_lock)
            {
                _events.Add((Stopwatch.GetTimestamp(), bytes, silent));
            }
        }

        public void EndOfStream() => _ended = true;

        private long Sum(Func<(long At, int Bytes, bool Silent), bool> which)
        {
            lock (_lock)
            {
                return _events.Where(which).Sum(e => (long)e.Bytes);
            }
        }
    }
}
