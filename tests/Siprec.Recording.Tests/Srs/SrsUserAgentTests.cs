using System.Text;
using System.Text.Json;
using Siprec.Sip.Sdp;

namespace Siprec.Recording.Tests.Srs;

public sealed class SrsUserAgentTests
{
    private const string Boundary = "b7865";

    private const string Sdp =
        "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=label:1\r\na=sendonly\r\n" +
        "m=audio 4002 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=label:2\r\na=sendonly\r\n";

    private const string Metadata =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<recording xmlns='urn:ietf:params:xml:ns:recording:1'>" +
        "<datamode>complete</datamode><session session_id=\"u1s3p4Y8S1m2/k5c+gJw==\"/>" +
        "<participant participant_id=\"p1\"><nameID aor=\"sip:alice@example.com\"><name>Alice</name></nameID></participant>" +
        "<participant participant_id=\"p2\"><nameID aor=\"sip:bob@example.com\"/></participant>" +
        "<stream stream_id=\"s1\" session_id=\"u1s3p4Y8S1m2/k5c+gJw==\"><label>1</label></stream>" +
        "<stream stream_id=\"s2\" session_id=\"u1s3p4Y8S1m2/k5c+gJw==\"><label>2</label></stream>" +
        "<participantstreamassoc participant_id=\"p1\"><send>s1</send></participantstreamassoc>" +
        "<participantstreamassoc participant_id=\"p2\"><send>s2</send></participantstreamassoc>" +
        "</recording>\r\n";

    private static string Multipart(string sdp, string metadata) =>
        $"--{Boundary}\r\nContent-Type: application/sdp\r\n\r\n{sdp}\r\n--{Boundary}\r\nContent-Type: application/rs-metadata+xml\r\n" +
        $"Content-Disposition: recording-session\r\n\r\n{metadata}\r\n--{Boundary}--\r\n";

    [Fact]
    public async Task RecordingInviteIsAnsweredMirroringEveryStreamAndByeFinalizesTheFiles()
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "call-1", 1, $"multipart/mixed;boundary={Boundary}", Multipart(Sdp, Metadata), "Require: siprec\r\n");
        var ok = src.FinalResponse();

        Assert.Equal(200, ok.StatusCode);
        Assert.Contains("+sip.srs", ok.Headers.Get("Contact"), StringComparison.Ordinal);
        Assert.Equal("siprec", ok.Headers.Get("Require"));
        Assert.Equal("application/sdp", ok.ContentType?.MediaType);
        var answer = SdpSessionDescription.Parse(Encoding.UTF8.GetString(ok.Body.Span));
        Assert.Equal(2, answer.Media.Count);
        Assert.Equal(["1", "2"], answer.Media.Select(m => m.Label));
        Assert.All(answer.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.All(answer.Media, m => Assert.Equal("0", m.Formats[0]));
        Assert.NotEqual(answer.Media[0].Port, answer.Media[1].Port);

        Assert.True(srs.Registry.TryGet("u1s3p4Y8S1m2/k5c+gJw==", out var session));
        Assert.Equal("call-1", session!.Id);
        Assert.Equal(["sip:alice@example.com", "sip:bob@example.com"], session.Participants.Select(p => p.Aor));

        var toTag = ok.To!.Tag!;
        src.Send("ACK", "call-1", 1, toTag: toTag);
        src.Send("BYE", "call-1", 2, toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);
        Assert.True(await SrsHarness.EventuallyAsync(() => srs.Registry.Count == 0));

        var sidecarPath = Assert.Single(Directory.GetFiles(srs.RecordingDirectory, "*.json", SearchOption.AllDirectories));
        Assert.True(await SrsHarness.EventuallyAsync(() => File.ReadAllText(sidecarPath).Contains("\"end_reason\": \"bye\"", StringComparison.Ordinal)));
        using var sidecar = JsonDocument.Parse(File.ReadAllText(sidecarPath));
        Assert.Equal("call-1", sidecar.RootElement.GetProperty("call_id").GetString());
        Assert.Equal([1, 2], sidecar.RootElement.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("channels")[0].GetInt32()));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(sidecarPath)!, sidecar.RootElement.GetProperty("recording_file").GetString()!)));
    }

    [Fact]
    public async Task SourcePauseByInactiveReInviteIsTheSessionsSourcePause()
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "call-2", 1, $"multipart/mixed;boundary={Boundary}", Multipart(Sdp, Metadata));
        var ok = src.FinalResponse();
        var toTag = ok.To!.Tag!;
        src.Send("ACK", "call-2", 1, toTag: toTag);
        Assert.True(srs.Registry.TryGet("call-2", out var session));

        src.Send("INVITE", "call-2", 2, "application/sdp", Sdp.Replace("a=sendonly", "a=inactive", StringComparison.Ordinal), toTag: toTag);
        var paused = src.FinalResponse();
        Assert.Equal(200, paused.StatusCode);
        Assert.All(SdpSessionDescription.Parse(Encoding.UTF8.GetString(paused.Body.Span)).Media, m => Assert.Equal(SdpDirection.Inactive, m.Direction));
        Assert.True(session!.Pause.Snapshot.SourcePaused);
        Assert.False(session.Pause.Current.RecordingOpen);

        src.Send("ACK", "call-2", 2, toTag: toTag);
        src.Send("INVITE", "call-2", 3, "application/sdp", Sdp, toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);
        Assert.False(session.Pause.Snapshot.SourcePaused);
        Assert.True(session.Pause.Current.RecordingOpen);
    }

    [Fact]
    public async Task MetadataOnlyUpdateMergesParticipants()
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "call-3", 1, $"multipart/mixed;boundary={Boundary}", Multipart(Sdp, Metadata));
        var toTag = src.FinalResponse().To!.Tag!;
        src.Send("ACK", "call-3", 1, toTag: toTag);

        const string partial = "<?xml version=\"1.0\"?><recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>partial</datamode>" +
            "<participant participant_id=\"p3\"><nameID aor=\"sip:carol@example.com\"/></participant></recording>";
        src.Send("UPDATE", "call-3", 2, "application/rs-metadata+xml", partial, "Content-Disposition: recording-session\r\n", toTag: toTag);
        var updated = src.FinalResponse();

        Assert.Equal(200, updated.StatusCode);
        Assert.True(updated.Body.IsEmpty);
        Assert.True(srs.Registry.TryGet("call-3", out var session));
        Assert.Contains("sip:carol@example.com", session!.Participants.Select(p => p.Aor));
    }

    [Theory]
    [InlineData("text/plain", "hello", "", 415, "Accept")]
    [InlineData("application/sdp", Sdp, "Require: siprec, foo\r\n", 420, "Unsupported")]
    [InlineData("application/sdp", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18\r\na=label:1\r\n", "", 488, "Warning")]
    [InlineData("application/sdp", "this is not sdp", "", 400, null)]
    public async Task UnacceptableInvitesGetTheRightCodeAndLeaveNothingBehind(string contentType, string body, string headers, int status, string? explainingHeader)
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "bad-call", 1, contentType, body, headers);
        var response = src.FinalResponse();

        Assert.Equal(status, response.StatusCode);
        if (explainingHeader is not null)
            Assert.False(string.IsNullOrEmpty(response.Headers.Get(explainingHeader)));
        Assert.Equal(0, srs.Registry.Count);
        Assert.Empty(Directory.GetFiles(srs.RecordingDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AtCapacityAnInviteGets503WithRetryAfter()
    {
        await using var srs = await SrsHarness.StartAsync(o => o with { MaxSessions = 1 });
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "first", 1, "application/sdp", Sdp);
        var first = src.FinalResponse();
        Assert.Equal(200, first.StatusCode);
        src.Send("ACK", "first", 1, toTag: first.To!.Tag!);

        src.Send("INVITE", "second", 1, "application/sdp", Sdp);
        var busy = src.FinalResponse();

        Assert.Equal(503, busy.StatusCode);
        Assert.Equal("5", busy.Headers.Get("Retry-After"));
    }

    [Fact]
    public async Task OptionsAdvertiseSiprecAndUnknownMethodsGet405WithAllow()
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("OPTIONS", "opt", 1);
        var options = src.FinalResponse();
        Assert.Equal(200, options.StatusCode);
        Assert.Contains("siprec", options.Supported);
        Assert.Contains("INVITE", string.Join(",", options.Headers.GetAll("Allow")), StringComparison.Ordinal);

        src.Send("SUBSCRIBE", "sub", 1);
        var refused = src.FinalResponse();
        Assert.Equal(405, refused.StatusCode);
        Assert.Contains("UPDATE", string.Join(",", refused.Headers.GetAll("Allow")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsForUnknownDialogsGet481()
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("BYE", "nobody", 2, toTag: "nope");
        Assert.Equal(481, src.FinalResponse().StatusCode);
    }

    [Fact]
    public async Task ACallWithoutRtpIsEndedWithOurByeAfterTheTimeout()
    {
        await using var srs = await SrsHarness.StartAsync(o => o with { RtpTimeout = TimeSpan.FromSeconds(1) });
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "silent", 1, "application/sdp", Sdp);
        var toTag = src.FinalResponse().To!.Tag!;
        src.Send("ACK", "silent", 1, toTag: toTag);

        var bye = src.NextRequest();
        Assert.Equal("BYE", bye.Method);
        Assert.Equal("silent", bye.CallId);
        src.Reply(bye, 200);

        Assert.True(await SrsHarness.EventuallyAsync(() => srs.Registry.Count == 0));
        var sidecarPath = Assert.Single(Directory.GetFiles(srs.RecordingDirectory, "*.json", SearchOption.AllDirectories));
        Assert.True(await SrsHarness.EventuallyAsync(() => File.ReadAllText(sidecarPath).Contains("rtp_timeout", StringComparison.Ordinal)));
    }
}
