using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Siprec.Sip.Messages;

namespace Siprec.Recording.Tests.Srs;

/// <summary>A minimal SRC over a real UDP socket on 127.0.0.1: writes requests as text and reads what comes back.</summary>
internal sealed class SrcPeer : IDisposable
{
    private static readonly TimeSpan ReceiveBound = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private int _branch;
    private string? _lastBranch;

    public SrcPeer(IPEndPoint server)
    {
        _server = server;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public string Send(string method, string callId, int cseq, string? contentType = null, string body = "", string extraHeaders = "", string toTag = "", string? branch = null)
    {
        branch ??= "z9hG4bK-t" + Interlocked.Increment(ref _branch).ToString(CultureInfo.InvariantCulture);
        if (method != "ACK")
            _lastBranch = branch;
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} sip:srs@127.0.0.1:{_server.Port} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch={branch};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:src@127.0.0.1:{Port}>;tag=src-tag\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:srs@127.0.0.1:{_server.Port}>{(toTag.Length > 0 ? ";tag=" + toTag : "")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} {(method == "ACK" ? "ACK" : method)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Contact: <sip:src@127.0.0.1:{Port}>;+sip.src\r\n")
            .Append(extraHeaders);
        if (contentType is not null)
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {bodyBytes.Length}\r\n\r\n");
        _socket.SendTo([.. Encoding.UTF8.GetBytes(text.ToString()), .. bodyBytes], _server);
        return branch;
    }

    /// <summary>The next final response to the last request sent (1xx and retransmitted answers to earlier requests skipped), or throws after a bound.</summary>
    public SipResponse FinalResponse()
    {
        while (true)
        {
            var message = Receive();
            if (message is SipResponse { StatusCode: >= 200 } response && response.Vias.Count > 0 && response.Vias[0].Branch == _lastBranch)
                return response;
        }
    }

    /// <summary>The next request the server sends us (for example its BYE).</summary>
    public SipRequest NextRequest()
    {
        while (true)
        {
            if (Receive() is SipRequest request)
                return request;
        }
    }

    public void Reply(SipRequest request, int status)
    {
        var response = SipResponse.CreateFor(request, status);
        _socket.SendTo(SipMessageWriter.ToArray(response), _server);
    }

    public void Dispose() => _socket.Dispose();

    private SipMessage Receive()
    {
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(ReceiveBound);
        var received = _socket.ReceiveAsync(buffer, cts.Token).AsTask().GetAwaiter().GetResult();
        return SipMessageParser.Parse(buffer.AsSpan(0, received));
    }
}
