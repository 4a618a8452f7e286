using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Siprec.Bench.Sip;

/// <summary>
/// A minimal SIPREC client (SRC) over UDP on 127.0.0.1: sends a two-stream G.711 recording INVITE with RFC 7865
/// metadata, acknowledges the 200 OK and learns the answered RTP ports, and later ends the call with BYE.
/// Retransmits requests every 500 ms up to 8 times. Thread-safe.
/// </summary>
public sealed class SiprecCallClient : IAsyncDisposable
{
    private const int Retransmissions = 8;
    private static readonly TimeSpan RetransmitInterval = TimeSpan.FromMilliseconds(500);

    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly int _localPort;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;
    private long _branch;

    /// <summary>Binds a client socket on 127.0.0.1 for the server at <paramref name="serverPort"/>.</summary>
    public SiprecCallClient(int serverPort)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _localPort = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>
    /// Places <paramref name="count"/> calls with at most <paramref name="window"/> INVITEs outstanding; each call
    /// offers media from <paramref name="senderPort"/>. Returns the answered calls; failures are counted, not thrown.
    /// </summary>
    public async Task<(IReadOnlyList<AnsweredCall> Answered, int Failed)> PlaceCallsAsync(int count, int window, int senderPort, string prefix)
    {
        var answered = new ConcurrentBag<AnsweredCall>();
        var failed = 0;
        using var gate = new SemaphoreSlim(window);
        var tasks = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await gate.WaitAsync().ConfigureAwait(false);
            var callId = $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}@bench";
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var call = await InviteAsync(callId, senderPort).ConfigureAwait(false);
                    if (call is null)
                        Interlocked.Increment(ref failed);
                    else
                        answered.Add(call);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return (answered.OrderBy(c => c.CallId, StringComparer.Ordinal).ToArray(), failed);
    }

    /// <summary>Ends every call with BYE, at most <paramref name="window"/> outstanding; returns how many got a 200 OK.</summary>
    public async Task<int> HangUpAsync(IReadOnlyList<AnsweredCall> calls, int window)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var ok = 0;
        using var gate = new SemaphoreSlim(window);
        var tasks = new List<Task>(calls.Count);
        foreach (var call in calls)
        {
            await gate.WaitAsync().ConfigureAwait(false);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var response = await TransactAsync(call.CallId, "BYE", ByeRequest(call)).ConfigureAwait(false);
                    if (response is not null && StatusCode(response) == 200)
                        Interlocked.Increment(ref ok);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return ok;
    }

    /// <summary>Stops the receive loop and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }
        _stop.Dispose();
    }

    private async Task<AnsweredCall?> InviteAsync(string callId, int senderPort)
    {
        var fromTag = $"src{Math.Abs(callId.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture)}";
        var started = Stopwatch.GetTimestamp();
        var response = await TransactAsync(callId, "INVITE", InviteRequest(callId, fromTag, senderPort)).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response is null || StatusCode(response) != 200)
            return null;
        var toTag = HeaderParameter(response, "To", "tag");
        var ports = MediaPorts(response);
        if (toTag is null || ports.Count == 0)
            return null;
        var call = new AnsweredCall(callId, fromTag, toTag, ports, elapsed);
        await SendAsync(AckRequest(call)).ConfigureAwait(false);
        return call;
    }

    private async Task<string?> TransactAsync(string callId, string method, string request)
    {
        var key = callId + " " + method;
        var completion = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = completion;
        try
        {
            for (var attempt = 0; attempt <= Retransmissions; attempt++)
            {
                await SendAsync(request).ConfigureAwait(false);
                var done = await Task.WhenAny(completion.Task, Task.Delay(RetransmitInterval)).ConfigureAwait(false);
                if (done == completion.Task)
                    return await completion.Task.ConfigureAwait(false);
            }
            return null;
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private async Task SendAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        await _socket.SendToAsync(bytes, SocketFlags.None, _server).ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            var text = Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes);
            if (!text.StartsWith("SIP/2.0 ", StringComparison.Ordinal))
            {
                await AnswerRequestAsync(text).ConfigureAwait(false);
                continue;
            }
            var status = StatusCode(text);
            var callId = Header(text, "Call-ID") ?? Header(text, "i");
            var method = Header(text, "CSeq")?.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (callId is null || method is null || status < 200)
                continue;
            if (_pending.TryGetValue(callId + " " + method, out var completion))
                completion.TrySetResult(text);
            else if (method == "INVITE" && status == 200)
                await AcknowledgeLateAsync(text, callId).ConfigureAwait(false);
        }
    }

    private async Task AcknowledgeLateAsync(string response, string callId)
    {
        // A retransmitted 200 OK after the transaction ended: the ACK was lost, send it again.
        var toTag = HeaderParameter(response, "To", "tag");
        var fromTag = HeaderParameter(response, "From", "tag");
        if (toTag is not null && fromTag is not null)
            await SendAsync(AckRequest(new AnsweredCall(callId, fromTag, toTag, [], 0))).ConfigureAwait(false);
    }

    private async Task AnswerRequestAsync(string request)
    {
        // The server may send OPTIONS or BYE (RTP timeout); answer 200 so its transactions end cleanly.
        if (request.StartsWith("ACK ", StringComparison.Ordinal))
            return;
        var lines = request.Split("\r\n");
        var response = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var line in lines)
        {
            if (line.StartsWith("Via:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("v:", StringComparison.Ordinal)
                || line.StartsWith("From:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("f:", StringComparison.Ordinal)
                || line.StartsWith("To:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("t:", StringComparison.Ordinal)
                || line.StartsWith("Call-ID:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("i:", StringComparison.Ordinal)
                || line.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))
                response.Append(line).Append("\r\n");
        }
        response.Append("Content-Length: 0\r\n\r\n");
        await SendAsync(response.ToString()).ConfigureAwait(false);
    }

    private string NextBranch() => "z9hG4bK-bench-" + Interlocked.Increment(ref _branch).ToString(CultureInfo.InvariantCulture);

    private string InviteRequest(string callId, string fromTag, int senderPort)
    {
        var sid = Convert.ToBase64String(Encoding.ASCII.GetBytes(callId.PadRight(15, '.')[..15]));
        var sdp = string.Join("\r\n",
            "v=0",
            "o=SBC 2890844526 2890844526 IN IP4 127.0.0.1",
            "s=SIPREC",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            $"m=audio {senderPort.ToString(CultureInfo.InvariantCulture)} RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=ptime:20",
            "a=label:1",
            "a=sendonly",
            $"m=audio {(senderPort + 2).ToString(CultureInfo.InvariantCulture)} RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=ptime:20",
            "a=label:2",
            "a=sendonly",
            "");
        var metadata = string.Join("\r\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\">",
            "<datamode>complete</datamode>",
            $"<session session_id=\"{sid}\"><start-time>2026-01-01T10:00:00Z</start-time></session>",
            "<participant participant_id=\"srfBElmCRp2QB23b7Mpk0w==\"><nameID aor=\"sip:alice@example.com\"/></participant>",
            "<participant participant_id=\"zSfPoSvdSDCmU3A3TRDxAw==\"><nameID aor=\"sip:bob@example.com\"/></participant>",
            $"<stream stream_id=\"UAAMm5GRQKSCMVvLyl4rFw==\" session_id=\"{sid}\"><label>1</label></stream>",
            $"<stream stream_id=\"i1Pz3to5hGk8fuXl+PbwCw==\" session_id=\"{sid}\"><label>2</label></stream>",
            "<participantstreamassoc participant_id=\"srfBElmCRp2QB23b7Mpk0w==\"><send>UAAMm5GRQKSCMVvLyl4rFw==</send><recv>i1Pz3to5hGk8fuXl+PbwCw==</recv></participantstreamassoc>",
            "<participantstreamassoc participant_id=\"zSfPoSvdSDCmU3A3TRDxAw==\"><send>i1Pz3to5hGk8fuXl+PbwCw==</send><recv>UAAMm5GRQKSCMVvLyl4rFw==</recv></participantstreamassoc>",
            "</recording>",
            "");
        var body = string.Join("\r\n",
            "--siprec-boundary-7865",
            "Content-Type: application/sdp",
            "",
            sdp,
            "--siprec-boundary-7865",
            "Content-Type: application/rs-metadata+xml",
            "Content-Disposition: recording-session",
            "",
            metadata,
            "--siprec-boundary-7865--",
            "");
        return Request("INVITE", callId, fromTag, null, 1,
            [
                "Contact: <sip:src@127.0.0.1:" + _localPort.ToString(CultureInfo.InvariantCulture) + ">;+sip.src",
                "Require: siprec",
                "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE",
                "Content-Type: multipart/mixed;boundary=siprec-boundary-7865",
            ],
            body);
    }

    private string AckRequest(AnsweredCall call) => Request("ACK", call.CallId, call.FromTag, call.ToTag, 1, [], "");

    private string ByeRequest(AnsweredCall call) => Request("BYE", call.CallId, call.FromTag, call.ToTag, 2, [], "");

    private string Request(string method, string callId, string fromTag, string? toTag, int cseq, IReadOnlyList<string> headers, string body)
    {
        var port = _server.Port.ToString(CultureInfo.InvariantCulture);
        var local = _localPort.ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{method} sip:srs@127.0.0.1:{port} SIP/2.0\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{local};branch={NextBranch()}\r\n");
        text.Append("Max-Forwards: 70\r\n");
        text.Append(CultureInfo.InvariantCulture, $"From: <sip:src@127.0.0.1:{local}>;tag={fromTag}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"To: <sip:srs@127.0.0.1:{port}>{(toTag is null ? "" : ";tag=" + toTag)}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"CSeq: {cseq.ToString(CultureInfo.InvariantCulture)} {method}\r\n");
        foreach (var header in headers)
            text.Append(header).Append("\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
        text.Append(body);
        return text.ToString();
    }

    private static int StatusCode(string response) =>
        response.Length >= 11 && int.TryParse(response.AsSpan(8, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;

    private static string? Header(string message, string name)
    {
        var end = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        foreach (var line in message[..(end < 0 ? message.Length : end)].Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return line[(colon + 1)..].Trim();
        }
        return null;
    }

    private static string? HeaderParameter(string message, string header, string parameter)
    {
        var value = Header(message, header) ?? Header(message, header[..1].ToLowerInvariant());
        if (value is null)
            return null;
        var start = value.IndexOf(";" + parameter + "=", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
            return null;
        var rest = value[(start + parameter.Length + 2)..];
        var stop = rest.IndexOfAny([';', ',', ' ', '>']);
        return stop < 0 ? rest : rest[..stop];
    }

    private static List<int> MediaPorts(string response)
    {
        var ports = new List<int>();
        foreach (var line in response.Split("\r\n"))
        {
            if (!line.StartsWith("m=audio ", StringComparison.Ordinal))
                continue;
            var port = line["m=audio ".Length..].Split(' ')[0];
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
                ports.Add(value);
        }
        return ports;
    }
}
