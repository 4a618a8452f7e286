using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Siprec.Recording.Storage;
using Siprec.Recording.Vcon;

namespace Siprec.Recording.Tests.Vcon;

/// <summary>
/// The vCon of a finished call with a pause, field by field against draft-ietf-vcon-vcon-core: required top-level
/// parameters, Party, Dialog (recording, externally referenced), Analysis (inline transcript) and Attachment objects.
/// </summary>
public sealed class VconBuilderTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 5, 6, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddMinutes(3);
    private readonly string _directory = Directory.CreateTempSubdirectory("siprec-vcon-").FullName;
    private readonly byte[] _wav = Enumerable.Range(0, 3000).Select(i => (byte)(i * 13)).ToArray();

    public VconBuilderTests() => File.WriteAllBytes(Path.Combine(_directory, "call-7.wav"), _wav);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TopLevelHasTheDraftsVersionUuidAndCreationTime()
    {
        var vcon = await BuildAsync(Call());

        Assert.Equal("0.3.0", vcon.GetProperty("vcon").GetString());
        Assert.Equal(VconUuid.Create(Start, "call-7", "srs.example.com"), vcon.GetProperty("uuid").GetString());
        Assert.Equal("2026-05-06T14:03:00.000Z", vcon.GetProperty("created_at").GetString());
        Assert.Equal(["vcon", "uuid", "created_at", "parties", "dialog", "analysis", "attachments"], vcon.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task PartiesComeFromTheMetadataWithTheirUrlSchemeAndName()
    {
        var parties = (await BuildAsync(Call())).GetProperty("parties");

        Assert.Equal(3, parties.GetArrayLength());
        Assert.Equal("sip:alice@example.com", parties[0].GetProperty("sip").GetString());
        Assert.Equal("Alice", parties[0].GetProperty("name").GetString());
        Assert.Equal("tel:+15550100", parties[1].GetProperty("tel").GetString());
        Assert.False(parties[1].TryGetProperty("name", out _));
        Assert.Equal("mailto:sup@example.com", parties[2].GetProperty("mailto").GetString());
    }

    [Fact]
    public async Task DialogIsTheWavAsAnExternallyReferencedRecording()
    {
        var dialog = (await BuildAsync(Call())).GetProperty("dialog");

        Assert.Equal(1, dialog.GetArrayLength());
        var recording = dialog[0];
        Assert.Equal("recording", recording.GetProperty("type").GetString());
        Assert.Equal("2026-05-06T14:00:00.000Z", recording.GetProperty("start").GetString());
        Assert.Equal(95.5, recording.GetProperty("duration").GetDouble());
        Assert.Equal("audio/x-wav", recording.GetProperty("mediatype").GetString());
        Assert.Equal("call-7.wav", recording.GetProperty("filename").GetString());
        Assert.Equal("https://srs.example.com/api/recordings/call-7/audio", recording.GetProperty("url").GetString());
        var hash = recording.GetProperty("content_hash").GetString()!;
        Assert.Equal("sha512-" + Base64Url.EncodeToString(SHA512.HashData(_wav)), hash);
        Assert.Matches("^sha512-[A-Za-z0-9_-]{86}$", hash);
        Assert.False(recording.TryGetProperty("body", out _));
        // Two channels: channel 1 carries Alice, channel 2 carries the caller and the supervisor mixed.
        Assert.Equal(JsonValueKind.Number, recording.GetProperty("parties")[0].ValueKind);
        Assert.Equal(0, recording.GetProperty("parties")[0].GetInt32());
        Assert.Equal([1, 2], recording.GetProperty("parties")[1].EnumerateArray().Select(p => p.GetInt32()));
    }

    [Fact]
    public async Task TranscriptIsAnInlineTranscriptAnalysisOfTheDialog()
    {
        var analysis = (await BuildAsync(Call())).GetProperty("analysis");

        Assert.Equal(1, analysis.GetArrayLength());
        var transcript = analysis[0];
        Assert.Equal("transcript", transcript.GetProperty("type").GetString());
        Assert.Equal(0, transcript.GetProperty("dialog").GetInt32());
        Assert.Equal("deepgram", transcript.GetProperty("vendor").GetString());
        Assert.Equal("application/json", transcript.GetProperty("mediatype").GetString());
        Assert.Equal("json", transcript.GetProperty("encoding").GetString());
        Assert.Equal(["hello", "hi there"], transcript.GetProperty("body").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
        Assert.Equal(1.25, transcript.GetProperty("body")[1].GetProperty("start").GetDouble());
    }

    [Fact]
    public async Task EveryPauseIsAnAttachmentSayingWhatWasNotRecordedAndWhy()
    {
        var attachments = (await BuildAsync(Call())).GetProperty("attachments");

        Assert.Equal(2, attachments.GetArrayLength());
        var api = attachments[0];
        Assert.Equal("recording_pause", api.GetProperty("purpose").GetString());
        Assert.Equal("2026-05-06T14:00:30.000Z", api.GetProperty("start").GetString());
        Assert.Equal(0, api.GetProperty("party").GetInt32());
        Assert.Equal(0, api.GetProperty("dialog").GetInt32());
        Assert.Equal("application/json", api.GetProperty("mediatype").GetString());
        Assert.Equal("json", api.GetProperty("encoding").GetString());
        var body = api.GetProperty("body");
        Assert.Equal("api", body.GetProperty("source").GetString());
        Assert.Equal("card number", body.GetProperty("reason").GetString());
        Assert.Equal("skip", body.GetProperty("behavior").GetString());
        Assert.True(body.GetProperty("recording").GetBoolean());
        Assert.True(body.GetProperty("transcription").GetBoolean());
        Assert.Equal("2026-05-06T14:00:30.000Z", body.GetProperty("start").GetString());
        Assert.Equal("2026-05-06T14:00:45.250Z", body.GetProperty("end").GetString());
        Assert.Equal(30.0, body.GetProperty("media_offset").GetDouble());
        Assert.Equal(0.0, body.GetProperty("media_duration").GetDouble());
        var policy = attachments[1].GetProperty("body");
        Assert.Equal("policy", policy.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("end").ValueKind);
    }

    [Fact]
    public async Task ACallWithoutMetadataTranscriptOrPausesHasEmptyArraysAndNoAttachmentParty()
    {
        var vcon = await BuildAsync(Call() with { Participants = [], TranscriptFile = null, Pauses = [] });

        Assert.Equal(0, vcon.GetProperty("parties").GetArrayLength());
        Assert.Equal(0, vcon.GetProperty("analysis").GetArrayLength());
        Assert.Equal(0, vcon.GetProperty("attachments").GetArrayLength());
        Assert.Equal([0, 0], vcon.GetProperty("dialog")[0].GetProperty("parties").EnumerateArray().Select(p => p.GetArrayLength()));
    }

    [Fact]
    public async Task AMissingWavIsAnIOException()
    {
        File.Delete(Path.Combine(_directory, "call-7.wav"));

        await Assert.ThrowsAnyAsync<IOException>(() => BuildAsync(Call()));
    }

    private async Task<JsonElement> BuildAsync(SessionSidecar sidecar)
    {
        await File.WriteAllLinesAsync(Path.Combine(_directory, "call-7.transcript.jsonl"),
        [
            """{"session_id":"call-7","stream_index":0,"text":"hello","start":0.5,"end":1.0,"provider":"deepgram"}""",
            """{"session_id":"call-7","stream_index":1,"text":"hi there","start":1.25,"end":2.0,"provider":"deepgram"}""",
        ]);
        var builder = new VconBuilder("srs.example.com", new FakeTimeProvider(Now));
        var bytes = await builder.BuildAsync(sidecar, _directory, "https://srs.example.com/api/recordings/call-7/audio");
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    private static SessionSidecar Call() => new()
    {
        CallId = "call-7",
        RecordingFile = "call-7.wav",
        TranscriptFile = "call-7.transcript.jsonl",
        StartedAt = Start,
        EndedAt = Start.AddSeconds(95.5),
        SampleRate = 8000,
        PauseBehavior = "skip",
        Participants =
        [
            new SidecarParticipant("p1", "sip:alice@example.com", "Alice", [1]),
            new SidecarParticipant("p2", "tel:+15550100", null, [2]),
            new SidecarParticipant("p3", "mailto:sup@example.com", "Supervisor", [2]),
        ],
        Streams = [new SidecarStream { Channel = 1, Label = "1" }, new SidecarStream { Channel = 2, Label = "2" }],
        Pauses =
        [
            new SidecarPause
            {
                Source = "api", Recording = true, Transcription = true, Behavior = "skip", Reason = "card number",
                StartedAt = Start.AddSeconds(30), EndedAt = Start.AddSeconds(45.25), MediaOffsetSeconds = 30, MediaDurationSeconds = 0,
            },
            new SidecarPause { Source = "policy", Recording = true, Behavior = "skip", StartedAt = Start.AddSeconds(90) },
        ],
    };
}
