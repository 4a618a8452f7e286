using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Siprec.Server.Tests.Support;

/// <summary>
/// A minimal SIPREC client (SRC) over UDP on 127.0.0.1: sends an INVITE with SDP and RFC 7865 metadata, ACK, RTP
/// (PCMU) to the answered ports and BYE, and reads responses as text. Every receive is bounded in time.
/// </summary>
public sealed partial class SiprecCaller : IDisposable
{
    private const string Boundary = "b7865";
    private static readonly TimeSpan ReceiveBound = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _rtp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly string _callId;
    private int _cseq;
    private int _branch;
    private ushort _sequence;
    private uint _timestamp;

    public SiprecCaller(IPEndPoint server, string callId)
    {
        _server = server;
        _callId = callId;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public string? ToTag { get; private set; }

    public IReadOnlyList<int> MediaPorts { get; private set; } = [];

    /// <summary>Sends the recording INVITE; returns the final response's status line and headers.</summary>
    public async Task<SipReply> InviteAsync()
    {
        var sdp = "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
            $"m=audio {RtpPort} RTP/AVP 0\r\na=label:1\r\na=sendonly\r\n" +
            $"m=audio {RtpPort + 2} RTP/AVP 0\r\na=label:2\r\na=sendonly\r\n";
        var metadata =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<recording xmlns='urn:ietf:params:xml:ns:recording:1'>" +
            "<datamode>complete</datamode><session session_id=\"" + SessionIdFor(_callId) + "\"/>" +
            "<participant participant_id=\"p1\"><nameID aor=\"sip:alice@example.com\"><name>Alice</name></nameID></participant>" +
            "<participant participant_id=\"p2\"><nameID aor=\"sip:bob@example.com\"/></participant>" +
            "<stream stream_id=\"s1\" session_id=\"x\"><label>1</label></stream>" +
            "<stream stream_id=\"s2\" session_id=\"x\"><label>2</label></stream>" +
            "<participantstreamassoc participant_id=\"p1\"><send>s1</send></participantstreamassoc>" +
            "<participantstreamassoc participant_id=\"p2\"><send>s2</send></participantstreamassoc>" +
            "</recording>\r\n";
        var body = $"--{Boundary}\r\nContent-Type: application/sdp\r\n\r\n{sdp}\r\n--{Boundary}\r\nContent-Type: application/rs-metadata+xml\r\n" +
            $"Content-Disposition: recording-session\r\n\r\n{metadata}\r\n--{Boundary}--\r\n";
        Send("INVITE", $"multipart/mixed;boundary={Boundary}", body, "Require: siprec\r\n");
        var reply = await FinalReplyAsync("INVITE");
        if (reply.Status == 200)
        {
            ToTag = ToTagPattern().Match(reply.Headers).Groups[1].Value;
            MediaPorts = [.. MediaPattern().Matches(reply.Body).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
            Send("ACK", cseq: _cseq);
        }

        return reply;
    }

    /// <summary>Sends <paramref name="packets"/> 20 ms PCMU packets of a tone to every answered port.</summary>
    public void SendRtp(int packets)
    {
        var packet = new byte[12 + 160];
        for (var n = 0; n < packets; n++)
        {
            for (var stream = 0; stream < MediaPorts.Count; stream++)
            {
                packet[0] = 0x80;
                packet[1] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _sequence);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _timestamp);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x1000u + (uint)stream);
                for (var i = 0; i < 160; i++)
                {
                    packet[12 + i] = (byte)(i % 16 < 8 ? 0x20 : 0xA0);
                }

                _rtp.SendTo(packet, new IPEndPoint(IPAddress.Loopback, MediaPorts[stream]));
            }

            _sequence++;
            _timestamp += 160;
        }
    }

    /// <summary>Sends OPTIONS (out of dialog before an INVITE was answered, as a dispatcher's probe); returns the final response.</summary>
    public async Task<SipReply> OptionsAsync()
    {
        Send("OPTIONS");
        return await FinalReplyAsync("OPTIONS");
    }

    /// <summary>Sends BYE in the dialog; returns the final status.</summary>
    public async Task<int> ByeAsync()
    {
        Send("BYE");
        return (await FinalReplyAsync("BYE")).Status;
    }

    /// <summary>Waits for the server's BYE and answers it 200.</summary>
    public async Task AnswerByeAsync()
    {
        while (true)
        {
            var text = await ReceiveAsync();
            if (text.StartsWith("BYE ", StringComparison.Ordinal))
            {
                var head = text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
                var copied = string.Join("\r\n", head.Split("\r\n").Skip(1).Where(l =>
                    l.StartsWith("Via:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("From:", StringComparison.OrdinalIgnoreCase) ||
                    l.StartsWith("To:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase) ||
                    l.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase)));
                _socket.SendTo(Encoding.UTF8.GetBytes($"SIP/2.0 200 OK\r\n{copied}\r\nContent-Length: 0\r\n\r\n"), _server);
                return;
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _rtp.Dispose();
    }

    private int RtpPort => ((IPEndPoint)_rtp.LocalEndPoint!).Port;

    private static string SessionIdFor(string callId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(callId.PadRight(16, '0')[..16]));

    private void Send(string method, string? contentType = null, string body = "", string extraHeaders = "", int? cseq = null)
    {
        var number = cseq ?? ++_cseq;
        var branch = "z9hG4bK-c" + Interlocked.Increment(ref _branch).ToString(CultureInfo.InvariantCulture);
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} sip:srs@127.0.0.1:{_server.Port} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch={branch};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:src@127.0.0.1:{Port}>;tag=src-tag\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:srs@127.0.0.1:{_server.Port}>{(ToTag is null ? "" : ";tag=" + ToTag)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {_callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {number} {method}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Contact: <sip:src@127.0.0.1:{Port}>;+sip.src\r\n")
            .Append(extraHeaders);
        if (contentType is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {bodyBytes.Length}\r\n\r\n");
        _socket.SendTo([.. Encoding.UTF8.GetBytes(text.ToString()), .. bodyBytes], _server);
    }

    private async Task<SipReply> FinalReplyAsync(string method)
    {
        for (var i = 0; i < 50; i++)
        {
            var text = await ReceiveAsync();
            var status = StatusPattern().Match(text);
            if (!status.Success || !text.Contains($" {method}\r\n", StringComparison.Ordinal))
            {
                continue;
            }

            var code = int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture);
            if (code >= 200)
            {
                var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                return new SipReply(code, text[..split], text[(split + 4)..]);
            }
        }

        throw new TimeoutException($"no final response to {method}");
    }

    private async Task<string> ReceiveAsync()
    {
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(ReceiveBound);
        var received = await _socket.ReceiveAsync(buffer, cts.Token);
        return Encoding.UTF8.GetString(buffer, 0, received);
    }

    [GeneratedRegex(@"^SIP/2\.0 (\d{3}) ")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"(?im)^To:.*;tag=([^;\s]+)")]
    private static partial Regex ToTagPattern();

    [GeneratedRegex(@"(?m)^m=audio (\d+) ")]
    private static partial Regex MediaPattern();
}
