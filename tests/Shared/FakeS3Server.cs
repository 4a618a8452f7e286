using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Siprec.Tests.Shared;

/// <summary>
/// A minimal S3 endpoint on 127.0.0.1 implementing PutObject and GetObject (path-style <c>PUT</c>/<c>GET /bucket/key</c>)
/// over HTTP/1.1 with keep-alive and <c>Expect: 100-continue</c>: a GET answers a stored object with the type it was put
/// with and its ETag (the MD5 of its bytes, as S3 gives a single-part object and the SDK checks), or 404 <c>NoSuchKey</c>. Every request is recorded; the first <c>failFirst</c> get a 500, and every request
/// gets a 503 while <see cref="Outage"/> is set.
/// </summary>
internal sealed class FakeS3Server : IAsyncDisposable
{
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxBodyBytes = 64 * 1024 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, (string ContentType, string ETag)> _metadata = new(StringComparer.Ordinal);
    private readonly Task _accepting;
    private int _failuresLeft;
    private volatile bool _outage;

    public FakeS3Server(int failFirst = 0)
    {
        _failuresLeft = failFirst;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<ReceivedS3Request> Requests { get; } = new();

    /// <summary>Bodies of the successful PUTs, by path.</summary>
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>While true every request is answered 503 ServiceUnavailable, as during an outage of the service.</summary>
    public bool Outage
    {
        get => _outage;
        set => _outage = value;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(ServeAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(connections).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            for (var requests = 0; requests < 1000 && !_stop.IsCancellationRequested; requests++)
            {
                var head = await ReadHeadAsync(stream);
                if (head is null)
                    return;
                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                    .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                    .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
                if (headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
                    await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), _stop.Token);
                var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
                if (length > MaxBodyBytes)
                    return;
                var body = new byte[length];
                await stream.ReadExactlyAsync(body, _stop.Token);
                var path = Uri.UnescapeDataString(requestLine[1].Split('?')[0]);
                var request = new ReceivedS3Request(requestLine[0], path, headers, body);
                Requests.Enqueue(request);
                await stream.WriteAsync(Answer(request), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or EndOfStreamException or SocketException)
        {
        }
    }

    private byte[] Answer(ReceivedS3Request request)
    {
        if (_outage)
            return Error(503, "Service Unavailable", "ServiceUnavailable", "Service is unable to handle request.");
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            return Error(500, "Internal Server Error", "InternalError", "try again");
        if (request.Method == "PUT")
        {
            var etag = ETagOf(request.Body);
            _metadata[request.Path] = (request.Headers.TryGetValue("Content-Type", out var type) ? type : "binary/octet-stream", etag);
            Objects[request.Path] = request.Body;
            return Response(200, "OK", [], "application/xml", $"ETag: {etag}\r\n");
        }

        if (request.Method == "GET")
        {
            return Objects.TryGetValue(request.Path, out var stored) && _metadata.TryGetValue(request.Path, out var metadata)
                ? Response(200, "OK", stored, metadata.ContentType, $"ETag: {metadata.ETag}\r\nLast-Modified: {DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture)}\r\nAccept-Ranges: bytes\r\n")
                : Error(404, "Not Found", "NoSuchKey", "The specified key does not exist.");
        }

        return Error(405, "Method Not Allowed", "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }

    // S3 names a single-part object by the MD5 of its bytes; this is an identifier the SDK verifies, not a security use.
    private static string ETagOf(byte[] body) => "\"" + Convert.ToHexStringLower(MD5.HashData(body)) + "\"";

    private static byte[] Error(int status, string reason, string code, string message) =>
        Response(status, reason, Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>fake</RequestId></Error>"), "application/xml");

    private static byte[] Response(int status, string reason, byte[] body, string contentType, string extraHeaders = "")
    {
        var head = $"HTTP/1.1 {status} {reason}\r\nx-amz-request-id: fake\r\n{extraHeaders}Content-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>(1024);
        var one = new byte[1];
        while (buffer.Count < MaxHeaderBytes)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
                return null;
            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
                return Encoding.ASCII.GetString([.. buffer], 0, n - 4);
        }

        return null;
    }
}
