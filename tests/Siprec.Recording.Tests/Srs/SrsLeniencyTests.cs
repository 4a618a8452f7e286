using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Siprec.Recording.Srs;
using Siprec.Recording.Tests.Support;
using Siprec.Recording.Tests.Transcription;
using Siprec.Recording.Transcription;
using Siprec.Sip.Sdp;
using Siprec.Transcription;
using Siprec.Transcription.Output;

namespace Siprec.Recording.Tests.Srs;

/// <summary>
/// A call opened the way Avaya SBCE opens one: a placeholder participant and streams without ids, then the real
/// metadata in an UPDATE whose only body is the metadata.
/// </summary>
public sealed class SrsLeniencyTests
{
    private const string Boundary = "avaya-7865";
    private const int ToleratedEvent = 16;

    private const string Sdp =
        "v=0\r\no=SBCE 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 0\r\na=label:10\r\na=sendonly\r\nm=audio 4002 RTP/AVP 0\r\na=label:11\r\na=sendonly\r\n";

    private const string Placeholder =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>complete</datamode>" +
        "<session session_id=\"QXZheWEtMQ==\"/><participant participant_id=\"\"><nameID aor=\"sip:unknown@invalid\"/></participant>" +
        "<stream stream_id=\"\" session_id=\"QXZheWEtMQ==\"><label>10</label></stream>" +
        "<stream stream_id=\"\" session_id=\"QXZheWEtMQ==\"><label>11</label></stream></recording>";

    private const string Real =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>complete</datamode>" +
        "<session session_id=\"QXZheWEtMQ==\"/>" +
        "<participant participant_id=\"YWdlbnQ=\"><nameID aor=\"sip:4001@corp.example.com\"><name>Agent</name></nameID></participant>" +
        "<participant participant_id=\"Y2FsbGVy\"><nameID aor=\"tel:+442071234567\"/></participant>" +
        "<stream stream_id=\"czEw\" session_id=\"QXZheWEtMQ==\"><label>10</label></stream>" +
        "<stream stream_id=\"czEx\" session_id=\"QXZheWEtMQ==\"><label>11</label></stream>" +
        "<participantstreamassoc participant_id=\"YWdlbnQ=\"><send>czEw</send></participantstreamassoc>" +
        "<participantstreamassoc participant_id=\"Y2FsbGVy\"><send>czEx</send></participantstreamassoc></recording>";

    private static string Multipart(string metadata) =>
        $"--{Boundary}\r\nContent-Type: application/sdp\r\n\r\n{Sdp}\r\n--{Boundary}\r\nContent-Type: application/rs-metadata+xml\r\n" +
        $"Content-Disposition: recording-session\r\n\r\n{metadata}\r\n--{Boundary}--\r\n";

    [Fact]
    public async Task Placeholder_call_is_recorded_and_the_metadata_only_update_names_its_participants()
    {
        var logger = new ListLogger<SrsUserAgent>();
        await using var srs = await SrsHarness.StartAsync(logger: logger);
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "avaya-1", 1, $"multipart/mixed;boundary={Boundary}", Multipart(Placeholder), "Require: siprec\r\n");
        var ok = src.FinalResponse();
        Assert.Equal(200, ok.StatusCode);
        var toTag = ok.To!.Tag!;
        src.Send("ACK", "avaya-1", 1, toTag: toTag);
        Assert.True(srs.Registry.TryGet("avaya-1", out var session));
        Assert.Equal(["label:10", "label:11"], session!.Participants.Select(p => p.Aor));

        src.Send("UPDATE", "avaya-1", 2, "application/rs-metadata+xml", Real, "Content-Disposition: recording-session\r\n", toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);

        Assert.Equal(["sip:4001@corp.example.com:10", "tel:+442071234567:11"], session.Participants.Select(p => $"{p.Aor}:{string.Join(",", p.StreamLabels)}"));
        var sidecarPath = Assert.Single(Directory.GetFiles(srs.RecordingDirectory, "*.json", SearchOption.AllDirectories));
        Assert.True(await SrsHarness.EventuallyAsync(() => File.ReadAllText(sidecarPath).Contains("sip:4001@corp.example.com", StringComparison.Ordinal)));
        using (var sidecar = JsonDocument.Parse(File.ReadAllText(sidecarPath)))
        {
            Assert.Equal(
                ["sip:4001@corp.example.com:1", "tel:+442071234567:2"],
                sidecar.RootElement.GetProperty("participants").EnumerateArray().Select(p => $"{p.GetProperty("aor").GetString()}:{p.GetProperty("channels")[0].GetInt32()}"));
        }

        src.Send("UPDATE", "avaya-1", 3, "application/rs-metadata+xml", Placeholder, "Content-Disposition: recording-session\r\n", toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);

        var tolerated = logger.Entries.Where(e => e.EventId == ToleratedEvent).ToList();
        Assert.All(tolerated, e => Assert.Equal(LogLevel.Debug, e.Level));
        Assert.Equal(
            ["StreamWithoutId", "ParticipantWithoutId", "PlaceholderParticipant"],
            tolerated.Select(e => e.Message[(e.Message.IndexOf('(', StringComparison.Ordinal) + 1)..e.Message.IndexOf(')', StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task Strict_mode_refuses_the_placeholder_invite_and_keeps_nothing()
    {
        await using var srs = await SrsHarness.StartAsync(o => o with { Strict = true });
        using var src = new SrcPeer(srs.Endpoint);

        src.Send("INVITE", "avaya-2", 1, $"multipart/mixed;boundary={Boundary}", Multipart(Placeholder), "Require: siprec\r\n");

        Assert.Equal(400, src.FinalResponse().StatusCode);
        Assert.Equal(0, srs.Registry.Count);
    }

    [Fact]
    public async Task Partial_update_after_a_placeholder_leaves_the_placeholder_out_of_the_participants()
    {
        await using var srs = await SrsHarness.StartAsync();
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "avaya-3", 1, $"multipart/mixed;boundary={Boundary}", Multipart(Placeholder));
        var toTag = src.FinalResponse().To!.Tag!;
        src.Send("ACK", "avaya-3", 1, toTag: toTag);

        const string partial = "<?xml version=\"1.0\"?><recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>partial</datamode>" +
            "<participant participant_id=\"YWdlbnQ=\"><nameID aor=\"sip:4001@corp.example.com\"/></participant>" +
            "<stream stream_id=\"czEw\"><label>10</label></stream>" +
            "<participantstreamassoc participant_id=\"YWdlbnQ=\"><send>czEw</send></participantstreamassoc></recording>";
        src.Send("UPDATE", "avaya-3", 2, "application/rs-metadata+xml", partial, toTag: toTag);

        Assert.Equal(200, src.FinalResponse().StatusCode);
        Assert.True(srs.Registry.TryGet("avaya-3", out var session));
        Assert.Equal(["sip:4001@corp.example.com:10"], session!.Participants.Select(p => $"{p.Aor}:{string.Join(",", p.StreamLabels)}"));
    }

    [Fact]
    public async Task Re_invite_with_complete_metadata_replaces_the_placeholder_as_the_transcript_speakers()
    {
        var recognizer = new CountingRecognizer();
        var live = new TranscriptLiveFeed();
        await using var srs = await SrsHarness.StartAsync(transcribers: new SessionTranscriberFactory(recognizer, [live], new TranscriptionMetrics(), "en-US", TimeProvider.System));
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "avaya-4", 1, $"multipart/mixed;boundary={Boundary}", Multipart(Placeholder));
        var ok = src.FinalResponse();
        var toTag = ok.To!.Tag!;
        src.Send("ACK", "avaya-4", 1, toTag: toTag);
        await PcmuRtpSender.SendAsync(SdpSessionDescription.Parse(Encoding.UTF8.GetString(ok.Body.Span)).Media.Select(m => m.Port).ToList(), 25);
        Assert.True(await SrsHarness.EventuallyAsync(() => recognizer.Streams.Count == 2));
        Assert.True(srs.Registry.TryGet("avaya-4", out var session));
        Assert.Equal(["label:10", "label:11"], session!.Transcription!.Status.Streams.Select(s => s.SpeakerAor));

        src.Send("INVITE", "avaya-4", 2, $"multipart/mixed;boundary={Boundary}", Multipart(Real), toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);
        src.Send("ACK", "avaya-4", 2, toTag: toTag);

        Assert.Equal(
            [("sip:4001@corp.example.com", "Agent"), ("tel:+442071234567", null)],
            session.Transcription.Status.Streams.Select(s => (s.SpeakerAor, s.SpeakerName)));
    }

    [Theory]
    [InlineData(false, 200)]
    [InlineData(true, 488)]
    public async Task Metadata_only_update_naming_a_stream_no_m_line_carries_is_refused_only_when_strict(bool strict, int status)
    {
        var logger = new ListLogger<SrsUserAgent>();
        await using var srs = await SrsHarness.StartAsync(o => o with { Strict = strict }, logger: logger);
        using var src = new SrcPeer(srs.Endpoint);
        src.Send("INVITE", "avaya-5", 1, $"multipart/mixed;boundary={Boundary}", Multipart(Real), "Require: siprec\r\n");
        var ok = src.FinalResponse();
        Assert.Equal(200, ok.StatusCode);
        var toTag = ok.To!.Tag!;
        src.Send("ACK", "avaya-5", 1, toTag: toTag);

        const string extraStream = "<?xml version=\"1.0\"?><recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>partial</datamode>" +
            "<participant participant_id=\"c3Vw\"><nameID aor=\"sip:supervisor@corp.example.com\"/></participant>" +
            "<stream stream_id=\"czEy\"><label>12</label></stream>" +
            "<participantstreamassoc participant_id=\"c3Vw\"><send>czEy</send></participantstreamassoc></recording>";
        src.Send("UPDATE", "avaya-5", 2, "application/rs-metadata+xml", extraStream, toTag: toTag);

        Assert.Equal(status, src.FinalResponse().StatusCode);
        Assert.True(srs.Registry.TryGet("avaya-5", out var session));
        Assert.Equal(strict ? 2 : 3, session!.Participants.Count);
        Assert.Equal(strict ? 0 : 1, logger.Entries.Count(e => e.EventId == ToleratedEvent && e.Message.Contains("StreamsDisagreeWithSdp", StringComparison.Ordinal)));
    }
}
