using System.Text;
using System.Text.Json;
using Siprec.Recording.Control;
using Siprec.Recording.Tests.Srs;
using Siprec.Recording.Transcription;
using Siprec.Sip.Sdp;
using Siprec.Transcription;
using Siprec.Transcription.Output;

namespace Siprec.Recording.Tests.Transcription;

public sealed class SrsTranscriptionTests
{
    private const string Boundary = "b7865";

    private const string Sdp =
        "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 0\r\na=label:10\r\na=sendonly\r\n" +
        "m=audio 4002 RTP/AVP 0\r\na=label:20\r\na=sendonly\r\n";

    private const string Metadata =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<recording xmlns='urn:ietf:params:xml:ns:recording:1'>" +
        "<datamode>complete</datamode><session session_id=\"tr1s3p4Y8S1m2/k5c+gJw==\"/>" +
        "<participant participant_id=\"p1\"><nameID aor=\"sip:alice@example.com\"><name>Alice</name></nameID></participant>" +
        "<participant participant_id=\"p2\"><nameID aor=\"sip:bob@example.com\"/></participant>" +
        "<stream stream_id=\"s1\" session_id=\"tr1s3p4Y8S1m2/k5c+gJw==\"><label>20</label></stream>" +
        "<stream stream_id=\"s2\" session_id=\"tr1s3p4Y8S1m2/k5c+gJw==\"><label>10</label></stream>" +
        "<participantstreamassoc participant_id=\"p1\"><send>s2</send></participantstreamassoc>" +
        "<participantstreamassoc participant_id=\"p2\"><send>s1</send></participantstreamassoc>" +
        "</recording>\r\n";

    // Alice is renamed; the stream labelled 20 passes from Bob to Carol, who joins.
    private const string MetadataUpdate =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>partial</datamode>" +
        "<participant participant_id=\"p1\"><nameID aor=\"sip:alice@example.com\"><name>Alice Smith</name></nameID></participant>" +
        "<participant participant_id=\"p3\"><nameID aor=\"sip:carol@example.com\"><name>Carol</name></nameID></participant>" +
        "<participantstreamassoc participant_id=\"p2\"><disassociate-time>2026-01-01T10:00:05Z</disassociate-time></participantstreamassoc>" +
        "<participantstreamassoc participant_id=\"p3\"><send>s1</send></participantstreamassoc>" +
        "</recording>\r\n";

    private static string Multipart =>
        $"--{Boundary}\r\nContent-Type: application/sdp\r\n\r\n{Sdp}\r\n--{Boundary}\r\nContent-Type: application/rs-metadata+xml\r\n" +
        $"Content-Disposition: recording-session\r\n\r\n{Metadata}\r\n--{Boundary}--\r\n";

    [Fact]
    public async Task EachStreamFeedsItsOwnRecognitionStreamAttributedToItsSender()
    {
        var recognizer = new CountingRecognizer();
        var live = new TranscriptLiveFeed();
        using var subscription = live.Subscribe("call-t1");
        await using var srs = await SrsHarness.StartAsync(transcribers: Factory(recognizer, live));
        using var src = new SrcPeer(srs.Endpoint);

        var (toTag, ports) = Invite(src, "call-t1");
        Assert.True(srs.Registry.TryGet("call-t1", out var session));
        Assert.Equal("counting", session!.Transcription?.Provider);
        await PcmuRtpSender.SendAsync(ports, 100);
        Bye(src, "call-t1", toTag);
        Assert.True(await SrsHarness.EventuallyAsync(() => srs.Registry.Count == 0));

        Assert.Equal(2, recognizer.Streams.Count);
        Assert.Equal("sip:alice@example.com", recognizer.Streams[0].Options.SpeakerAor);
        Assert.Equal("Alice", recognizer.Streams[0].Options.SpeakerName);
        Assert.Equal("sip:bob@example.com", recognizer.Streams[1].Options.SpeakerAor);
        Assert.All(recognizer.Streams.Values, s => Assert.InRange(s.Samples, 100 * 160 * 8 / 10, 100 * 160));

        var transcript = Assert.Single(Directory.GetFiles(srs.RecordingDirectory, "*.transcript.jsonl", SearchOption.AllDirectories));
        var lines = File.ReadAllLines(transcript).Select(l => JsonDocument.Parse(l).RootElement).OrderBy(l => l.GetProperty("stream_index").GetInt32()).ToList();
        Assert.Equal(["sip:alice@example.com", "sip:bob@example.com"], lines.Select(l => l.GetProperty("speaker_aor").GetString()));
        Assert.All(lines, l => Assert.True(l.GetProperty("is_final").GetBoolean()));
        Assert.True(subscription.Results.TryRead(out var first));
        Assert.Equal("call-t1", first.SessionId);

        var sidecarPath = Path.ChangeExtension(transcript.Replace(".transcript.jsonl", ".wav", StringComparison.Ordinal), ".json");
        Assert.True(await SrsHarness.EventuallyAsync(() => File.ReadAllText(sidecarPath).Contains("\"end_reason\"", StringComparison.Ordinal)));
        using var sidecar = JsonDocument.Parse(File.ReadAllText(sidecarPath));
        Assert.Equal(Path.GetFileName(transcript), sidecar.RootElement.GetProperty("transcript_file").GetString());
    }

    [Fact]
    public async Task AfterAMetadataUpdateResultsNameTheRenamedOrNewSpeakerOfTheirStream()
    {
        var recognizer = new CountingRecognizer();
        var live = new TranscriptLiveFeed();
        using var subscription = live.Subscribe("call-t4");
        await using var srs = await SrsHarness.StartAsync(transcribers: Factory(recognizer, live));
        using var src = new SrcPeer(srs.Endpoint);

        var (toTag, ports) = Invite(src, "call-t4");
        Assert.True(srs.Registry.TryGet("call-t4", out var session));
        await PcmuRtpSender.SendAsync(ports, 25);
        Assert.True(await SrsHarness.EventuallyAsync(() => recognizer.Streams.Count == 2));
        recognizer.Streams[1].Say("before the update");
        var before = await NextResultAsync(subscription);
        Assert.Equal(("sip:bob@example.com", (string?)null), (before.SpeakerAor, before.SpeakerName));

        src.Send("UPDATE", "call-t4", 2, "application/rs-metadata+xml", MetadataUpdate, "Content-Disposition: recording-session\r\n", toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);
        Assert.Equal(
            [("sip:alice@example.com", "Alice Smith"), ("sip:carol@example.com", "Carol")],
            session!.Transcription!.Status.Streams.Select(s => (s.SpeakerAor, s.SpeakerName)));
        recognizer.Streams[1].Say("after the update");
        var after = await NextResultAsync(subscription);
        Assert.Equal(("after the update", "sip:carol@example.com", "Carol"), (after.Text, after.SpeakerAor, after.SpeakerName));

        Bye(src, "call-t4", toTag);
        Assert.True(await SrsHarness.EventuallyAsync(() => srs.Registry.Count == 0));

        // The streams were opened for Alice and Bob and their provider still names them: the speakers come from the update.
        Assert.Equal("sip:bob@example.com", recognizer.Streams[1].Options.SpeakerAor);
        var transcript = Assert.Single(Directory.GetFiles(srs.RecordingDirectory, "*.transcript.jsonl", SearchOption.AllDirectories));
        var lines = File.ReadAllLines(transcript)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(l => (Stream: l.GetProperty("stream_index").GetInt32(), Text: l.GetProperty("text").GetString()!, Aor: l.GetProperty("speaker_aor").GetString(), Name: l.GetProperty("speaker_name").GetString()))
            .ToList();
        Assert.Equal(
            [("before the update", "sip:bob@example.com", null), ("after the update", "sip:carol@example.com", "Carol"), ("samples", "sip:carol@example.com", "Carol")],
            lines.Where(l => l.Stream == 1).Select(l => (l.Text.StartsWith("samples", StringComparison.Ordinal) ? "samples" : l.Text, l.Aor, l.Name)));
        var alice = Assert.Single(lines, l => l.Stream == 0);
        Assert.Equal(("sip:alice@example.com", "Alice Smith"), (alice.Aor, alice.Name));
    }

    [Fact]
    public async Task TranscriptionOnlyPauseKeepsItsWindowFromTheRecognizerButNotFromTheRecording()
    {
        var recognizer = new CountingRecognizer();
        await using var srs = await SrsHarness.StartAsync(transcribers: Factory(recognizer, new TranscriptLiveFeed()));
        using var src = new SrcPeer(srs.Endpoint);

        var (toTag, ports) = Invite(src, "call-t2");
        Assert.True(srs.Registry.TryGet("call-t2", out var session));
        TimeSpan pausedAt = default, resumedAt = default;
        await PcmuRtpSender.SendAsync(ports, 150, n =>
        {
            if (n == 50)
            {
                srs.Pauses.Pause("call-t2", new PauseCommand(PauseRecording: false, PauseTranscription: true));
                pausedAt = TimeProvider.System.GetUtcNow() - session!.StartedAt;
            }
            else if (n == 100)
            {
                srs.Pauses.Resume("call-t2", new ResumeCommand());
                resumedAt = TimeProvider.System.GetUtcNow() - session!.StartedAt;
            }
        });
        Assert.True(session!.Transcription!.Status.Streams.All(s => s.Feed.Errors == 0));
        Bye(src, "call-t2", toTag);
        Assert.True(await SrsHarness.EventuallyAsync(() => srs.Registry.Count == 0));

        var margin = TimeSpan.FromMilliseconds(200);
        Assert.All(recognizer.Streams.Values, s =>
        {
            Assert.Equal(0, s.SamplesBetween(pausedAt + margin, resumedAt - margin));
            Assert.InRange(s.Samples, 85 * 160, 115 * 160);
            Assert.True(s.SamplesBetween(resumedAt + margin, TimeSpan.FromHours(1)) > 0);
            Assert.True(s.PauseCalls >= 1);
        });

        var wav = Assert.Single(Directory.GetFiles(srs.RecordingDirectory, "*.wav", SearchOption.AllDirectories));
        var seconds = (new FileInfo(wav).Length - 44) / (2.0 * 2 * 8000);
        Assert.InRange(seconds, 2.7, 4.5);
    }

    [Fact]
    public async Task AnUnreachableProviderLeavesTheRecordingWholeAndShowsInTheStatus()
    {
        var recognizer = new UnreachableRecognizer();
        await using var srs = await SrsHarness.StartAsync(transcribers: Factory(recognizer, new TranscriptLiveFeed()));
        using var src = new SrcPeer(srs.Endpoint);

        var (toTag, ports) = Invite(src, "call-t3");
        Assert.True(srs.Registry.TryGet("call-t3", out var session));
        await PcmuRtpSender.SendAsync(ports, 75);
        var streams = session!.Transcription!.Status.Streams;
        Bye(src, "call-t3", toTag);
        Assert.True(await SrsHarness.EventuallyAsync(() => srs.Registry.Count == 0));

        Assert.True(recognizer.Attempts >= 2);
        Assert.All(streams, s =>
        {
            Assert.True(s.Feed.Errors >= 1);
            Assert.Contains("connection refused", s.Feed.LastError, StringComparison.Ordinal);
        });
        var wav = Assert.Single(Directory.GetFiles(srs.RecordingDirectory, "*.wav", SearchOption.AllDirectories));
        var seconds = (new FileInfo(wav).Length - 44) / (2.0 * 2 * 8000);
        Assert.InRange(seconds, 1.3, 2.5);
        var transcript = Assert.Single(Directory.GetFiles(srs.RecordingDirectory, "*.transcript.jsonl", SearchOption.AllDirectories));
        Assert.Empty(File.ReadAllLines(transcript));
    }

    private static async Task<TranscriptResult> NextResultAsync(TranscriptSubscription subscription) =>
        await subscription.Results.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    private static SessionTranscriberFactory Factory(ISpeechRecognizer recognizer, TranscriptLiveFeed live) =>
        new(recognizer, [live], new TranscriptionMetrics(), "en-US", TimeProvider.System);

    private static (string ToTag, IReadOnlyList<int> Ports) Invite(SrcPeer src, string callId)
    {
        src.Send("INVITE", callId, 1, $"multipart/mixed;boundary={Boundary}", Multipart, "Require: siprec\r\n");
        var ok = src.FinalResponse();
        Assert.Equal(200, ok.StatusCode);
        var toTag = ok.To!.Tag!;
        src.Send("ACK", callId, 1, toTag: toTag);
        var answer = SdpSessionDescription.Parse(Encoding.UTF8.GetString(ok.Body.Span));
        return (toTag, answer.Media.Select(m => m.Port).ToList());
    }

    private static void Bye(SrcPeer src, string callId, string toTag)
    {
        src.Send("BYE", callId, 2, toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);
    }
}
