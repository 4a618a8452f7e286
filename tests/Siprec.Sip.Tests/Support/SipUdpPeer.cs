using System.Net;
using System.Net.Sockets;
using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Sip.Tests.Support;

/// <summary>A UDP socket on 127.0.0.1 playing the SRC.</summary>
internal sealed class SipUdpPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[65_536];

    public SipUdpPeer() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public int Port => EndPoint.Port;

    public string SentBy => $"127.0.0.1:{Port}";

    public Task SendAsync(string text, IPEndPoint to) => SendAsync(Encoding.UTF8.GetBytes(text), to);

    public async Task SendAsync(byte[] data, IPEndPoint to) => await _socket.SendToAsync(data, SocketFlags.None, to);

    /// <summary>The next datagram as text, or null when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<string?> TryReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var result = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return Encoding.UTF8.GetString(_buffer, 0, result.ReceivedBytes);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<SipMessage> ReceiveAsync()
    {
        var text = await TryReceiveAsync(TestTimeouts.Expected) ?? throw new TimeoutException("No datagram arrived.");
        return SipMessageParser.Parse(Encoding.UTF8.GetBytes(text));
    }

    public async Task<SipResponse> ReceiveResponseAsync() => Assert.IsType<SipResponse>(await ReceiveAsync());

    /// <summary>Receives responses until one has <paramref name="status"/>, skipping provisional ones; bounded.</summary>
    public async Task<SipResponse> ReceiveFinalAsync(int status)
    {
        for (var i = 0; i < 10; i++)
        {
            var response = await ReceiveResponseAsync();
            if (response.StatusCode >= 200 || response.StatusCode == status)
            {
                Assert.Equal(status, response.StatusCode);
                return response;
            }
        }

        throw new InvalidOperationException($"No {status} among ten responses.");
    }

    public async Task<SipRequest> ReceiveRequestAsync() => Assert.IsType<SipRequest>(await ReceiveAsync());

    public void Dispose() => _socket.Dispose();
}
