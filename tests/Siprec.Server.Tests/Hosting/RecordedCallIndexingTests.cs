using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Siprec.Recording.Index;
using Siprec.Server.Hosting;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Hosting;

/// <summary>A real SIPREC call over UDP on 127.0.0.1: after BYE its final sidecar is written and the index lists it.</summary>
public sealed partial class RecordedCallIndexingTests
{
    private const string CallId = "idx-call-1@127.0.0.1";

    [Fact]
    public async Task AnEndedCallIsIndexedWithACompleteSidecar()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.Behavior = Siprec.Media.Pipeline.PausedAudioBehavior.Silence;
            o.Recording.PerStreamFiles = true;
        });
        var srs = server.Service<SipRecorderService>().UdpEndPoint!;
        using var src = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)src.Client.LocalEndPoint!).Port;

        var invite = await TransactAsync(src, srs, Request("INVITE", 1, port, "", Sdp, "application/sdp"), "INVITE");
        Assert.StartsWith("SIP/2.0 200", invite, StringComparison.Ordinal);
        var toTag = ToTag().Match(invite).Groups[1].Value;
        await SendAsync(src, srs, Request("ACK", 1, port, toTag, "", null));
        var bye = await TransactAsync(src, srs, Request("BYE", 2, port, toTag, "", null), "BYE");
        Assert.StartsWith("SIP/2.0 200", bye, StringComparison.Ordinal);

        IndexedRecording? row = null;
        var index = server.Service<IRecordingIndex>();
        for (var i = 0; i < 400 && ((row = await index.FindAsync(CallId)) is null || row.EndReason is null); i++)
            await Task.Delay(25);

        Assert.NotNull(row);
        Assert.Equal("bye", row.EndReason);
        Assert.Equal(2, row.Streams.Count);
        Assert.Equal(2, row.StreamFiles.Count);
        var (status, sidecar, _) = await server.GetAsync("/api/recordings/" + Uri.EscapeDataString(CallId));
        Assert.Equal(200, status);
        Assert.Equal(CallId, sidecar.GetProperty("call_id").GetString());
        Assert.Equal("silence", sidecar.GetProperty("pause_behavior").GetString());
        Assert.Equal(2, sidecar.GetProperty("stream_files").GetArrayLength());
        Assert.Equal("PCMU/8000", sidecar.GetProperty("streams")[1].GetProperty("codec").GetString());
        Assert.Equal("bye", sidecar.GetProperty("end_reason").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, sidecar.GetProperty("ended_at").ValueKind);
        using var audio = await server.Client.GetAsync(new Uri($"/api/recordings/{row.Id}/audio", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal("RIFF"u8.ToArray(), (await audio.Content.ReadAsByteArrayAsync())[..4]);
    }

    private const string Sdp =
        "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 0\r\na=label:1\r\na=sendonly\r\nm=audio 40002 RTP/AVP 0\r\na=label:2\r\na=sendonly\r\n";

    private static string Request(string method, int cseq, int port, string toTag, string body, string? contentType)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        var head = new StringBuilder()
            .Append(method).Append(" sip:srs@127.0.0.1 SIP/2.0\r\n")
            .Append($"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-{method.ToLowerInvariant()}-{cseq}-{Guid.NewGuid():N};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: <sip:src@127.0.0.1>;tag=src-1\r\n")
            .Append("To: <sip:srs@127.0.0.1>").Append(toTag.Length == 0 ? "" : ";tag=" + toTag).Append("\r\n")
            .Append("Call-ID: ").Append(CallId).Append("\r\n")
            .Append($"CSeq: {cseq} {method}\r\n")
            .Append($"Contact: <sip:src@127.0.0.1:{port}>;+sip.src\r\n");
        if (method == "INVITE")
            head.Append("Require: siprec\r\n");
        if (contentType is not null)
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        return head.Append($"Content-Length: {bytes}\r\n\r\n").Append(body).ToString();
    }

    private static Task SendAsync(UdpClient src, IPEndPoint srs, string message) =>
        src.SendAsync(Encoding.UTF8.GetBytes(message), srs).AsTask();

    /// <summary>Sends a request and returns its final response, skipping provisional ones and requests from the SRS.</summary>
    private static async Task<string> TransactAsync(UdpClient src, IPEndPoint srs, string request, string method)
    {
        await SendAsync(src, srs, request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        for (var i = 0; i < 50; i++)
        {
            var datagram = await src.ReceiveAsync(timeout.Token);
            var text = Encoding.UTF8.GetString(datagram.Buffer);
            if (text.StartsWith("SIP/2.0 1", StringComparison.Ordinal) || !text.StartsWith("SIP/2.0", StringComparison.Ordinal)
                || !text.Contains(" " + method + "\r\n", StringComparison.Ordinal))
                continue;
            return text;
        }

        throw new TimeoutException("no final response to " + method);
    }

    [GeneratedRegex(@"\r\nTo:[^\r]*;tag=([^;\r>]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ToTag();
}
