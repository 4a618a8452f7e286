using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Support;

/// <summary>A TCP (optionally TLS) client on 127.0.0.1 playing the SRC, framing what it reads.</summary>
internal sealed class SipStreamPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly byte[] _chunk = new byte[8192];
    private byte[] _pending = [];

    private SipStreamPeer(TcpClient client, Stream stream)
    {
        _client = client;
        _stream = stream;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public string SentBy => $"127.0.0.1:{LocalEndPoint.Port}";

    public static async Task<SipStreamPeer> ConnectAsync(IPEndPoint server)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(server);
        return new SipStreamPeer(client, client.GetStream());
    }

    public static async Task<SipStreamPeer> ConnectTlsAsync(IPEndPoint server)
    {
        var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(server);
        // The test certificate is self-signed; the test checks the channel, not the trust chain.
        var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
        using var cts = new CancellationTokenSource(TestTimeouts.Expected);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);
        return new SipStreamPeer(client, tls);
    }

    public async Task WriteAsync(byte[] data)
    {
        await _stream.WriteAsync(data);
        await _stream.FlushAsync();
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Half-closes the connection: the server reads the end of the stream, and may still answer.</summary>
    public void EndWrites() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>Writes <paramref name="text"/> in pieces of <paramref name="size"/> bytes, flushing each.</summary>
    public async Task WriteInPiecesAsync(string text, int size)
    {
        var data = Encoding.UTF8.GetBytes(text);
        for (var offset = 0; offset < data.Length; offset += size)
        {
            await _stream.WriteAsync(data.AsMemory(offset, Math.Min(size, data.Length - offset)));
            await _stream.FlushAsync();
        }
    }

    public async Task<SipResponse> ReceiveResponseAsync() => Assert.IsType<SipResponse>(await ReceiveAsync());

    public async Task<SipRequest> ReceiveRequestAsync() => Assert.IsType<SipRequest>(await ReceiveAsync());

    public async Task<SipMessage> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Expected);
        for (var reads = 0; reads < 1000; reads++)
        {
            var sequence = new ReadOnlySequence<byte>(_pending);
            var rest = sequence.Slice(SipMessageFramer.SkipKeepAlives(sequence));
            if (!rest.IsEmpty && SipMessageFramer.TryFrame(rest, out var end))
            {
                var frame = rest.Slice(0, end).ToArray();
                _pending = rest.Slice(end).ToArray();
                return SipMessageParser.Parse(frame);
            }

            var read = await _stream.ReadAsync(_chunk, cts.Token);
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }

            _pending = [.. _pending, .. _chunk.AsSpan(0, read)];
        }

        throw new InvalidOperationException("No complete message after 1000 reads.");
    }

    /// <summary>Reads raw bytes until <paramref name="count"/> have arrived.</summary>
    public async Task<string> ReadTextAsync(int count)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Expected);
        for (var reads = 0; reads < 1000 && _pending.Length < count; reads++)
        {
            var read = await _stream.ReadAsync(_chunk, cts.Token);
            if (read == 0)
            {
                break;
            }

            _pending = [.. _pending, .. _chunk.AsSpan(0, read)];
        }

        var text = Encoding.UTF8.GetString(_pending, 0, Math.Min(count, _pending.Length));
        _pending = _pending[Math.Min(count, _pending.Length)..];
        return text;
    }

    /// <summary>True when the server closes the connection (reading any bytes still in flight first).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Expected);
        try
        {
            for (var reads = 0; reads < 1000; reads++)
            {
                if (await _stream.ReadAsync(_chunk, cts.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
