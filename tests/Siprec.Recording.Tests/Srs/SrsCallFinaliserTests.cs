using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Recording.Index;
using Siprec.Recording.Srs;
using Siprec.Recording.Tests.Support;
using Siprec.Recording.Tests.Transcription;
using Siprec.Recording.Transcription;
using Siprec.Recording.Upload;
using Siprec.Sip.Sdp;
using Siprec.Tests.Shared;
using Siprec.Transcription;
using Siprec.Transcription.Output;

namespace Siprec.Recording.Tests.Srs;

/// <summary>The end of a call runs every step even when one fails, and says in the sidecar which one did.</summary>
public sealed class SrsCallFinaliserTests : IDisposable
{
    private const int StepFailedEvent = 14;
    private const int SinkFailedEvent = 40;

    private const string Sdp =
        "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 4000 RTP/AVP 0\r\na=label:1\r\na=sendonly\r\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-finaliser-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task AWavWriteFailingAtByeStillEndsTranscriptionWritesTheFinalSidecarWithTheErrorAndTellsIndexAndUpload()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "recordings")).FullName;
        var index = new RecordingIndex(Path.Combine(_dir, "index.db"), root);
        var feed = new RecordingIndexFeed(index, NullLogger<RecordingIndexFeed>.Instance);
        await using var s3 = new FakeS3Server();
        using var uploader = new S3RecordingUploader(
            new S3UploadOptions { Bucket = "bucket-1", Endpoint = s3.Endpoint, Region = "eu-west-1", AccessKey = "AKIDTEST", SecretKey = "secret-test-key" },
            index, TimeProvider.System, NullLogger<S3RecordingUploader>.Instance);
        using var stop = new CancellationTokenSource();
        var indexing = feed.RunAsync(stop.Token);
        var uploading = uploader.RunAsync(stop.Token);
        var recognizer = new CountingRecognizer();
        var hooks = new EndOfCallLog();
        var logger = new ListLogger<SrsUserAgent>();
        var transcribers = new SessionTranscriberFactory(recognizer, [new TranscriptLiveFeed()], new TranscriptionMetrics(), "en-US", TimeProvider.System);

        await using var srs = await SrsHarness.StartAsync(o => o with { RecordingDirectory = root }, transcribers, hooks, [feed, uploader, hooks], logger);
        using var src = new SrcPeer(srs.Endpoint);
        var (toTag, port) = Answer(src, "disk-full");
        await PcmuRtpSender.SendAsync([port], 10);
        Assert.True(await SrsHarness.EventuallyAsync(() => recognizer.Streams.TryGetValue(0, out var stream) && stream.Samples > 0));
        Assert.True(FullDisk.FillUnder(Assert.Single(Directory.GetFiles(root, "*.wav", SearchOption.AllDirectories))));
        await PcmuRtpSender.SendAsync([port], 10);

        src.Send("BYE", "disk-full", 2, toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);

        Assert.True(await SrsHarness.EventuallyAsync(() => hooks.Entries.Count >= 2));
        Assert.Equal(["finalized disk-full bye", "ended disk-full Bye"], hooks.Entries);
        var sidecarPath = Assert.Single(Directory.GetFiles(root, "*.json", SearchOption.AllDirectories));
        using var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(sidecarPath));
        Assert.Equal("bye", sidecar.RootElement.GetProperty("end_reason").GetString());
        var error = Assert.Single(sidecar.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("media", error.GetProperty("step").GetString());
        Assert.Contains("could not be written", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var transcript = Path.Combine(Path.GetDirectoryName(sidecarPath)!, sidecar.RootElement.GetProperty("transcript_file").GetString()!);
        Assert.Contains(File.ReadAllLines(transcript), line => JsonDocument.Parse(line).RootElement.GetProperty("is_final").GetBoolean());
        var failure = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(StepFailedEvent, failure.EventId);
        Assert.Contains("media of disk-full", failure.Message, StringComparison.Ordinal);

        Assert.True(await SrsHarness.EventuallyAsync(() => index.FindAsync("disk-full").GetAwaiter().GetResult() is not null));
        Assert.True(await SrsHarness.EventuallyAsync(() => s3.Objects.Keys.Any(key => key.EndsWith(Path.GetFileName(sidecarPath), StringComparison.Ordinal))));
        await stop.CancelAsync();
        await Task.WhenAll(indexing, uploading).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ASinkAndAnObserverThatThrowKeepNeitherTheNextSinkFromHearingOfTheCallNorTheCallFromEnding()
    {
        var hooks = new EndOfCallLog();
        var broken = new ThrowingEndOfCallHooks();
        var logger = new ListLogger<SrsUserAgent>();
        await using var srs = await SrsHarness.StartAsync(observer: broken, finalizedSinks: [broken, hooks], logger: logger);
        using var src = new SrcPeer(srs.Endpoint);

        var (toTag, _) = Answer(src, "broken-hooks");
        src.Send("BYE", "broken-hooks", 2, toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);

        // The observer is told after the call leaves the registry: wait for its failure to be logged too.
        Assert.True(await SrsHarness.EventuallyAsync(() => srs.UserAgent.ActiveCalls == 0 && srs.Registry.Count == 0
            && logger.Entries.Any(e => e.EventId == StepFailedEvent)));
        Assert.Equal(["finalized broken-hooks bye"], hooks.Entries);
        Assert.Equal(
            [(SinkFailedEvent, true), (StepFailedEvent, true)],
            logger.Entries.Where(e => e.Level == LogLevel.Error).Select(e => (e.EventId, e.Message.Contains("broken-hooks", StringComparison.Ordinal))));
        Assert.Contains(logger.Entries, e => e.EventId == StepFailedEvent && e.Message.Contains("metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFinalSidecarOfACallWithoutFailuresHasNoErrors()
    {
        var hooks = new EndOfCallLog();
        await using var srs = await SrsHarness.StartAsync(finalizedSinks: [hooks]);
        using var src = new SrcPeer(srs.Endpoint);

        var (toTag, _) = Answer(src, "clean");
        src.Send("BYE", "clean", 2, toTag: toTag);
        Assert.Equal(200, src.FinalResponse().StatusCode);

        Assert.True(await SrsHarness.EventuallyAsync(() => hooks.Finalized.Count == 1));
        Assert.Null(hooks.Finalized[0].Sidecar.Errors);
        using var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(hooks.Finalized[0].Location.SidecarPath));
        Assert.Equal("bye", sidecar.RootElement.GetProperty("end_reason").GetString());
        Assert.False(sidecar.RootElement.TryGetProperty("errors", out _));
    }

    private static (string ToTag, int Port) Answer(SrcPeer src, string callId)
    {
        src.Send("INVITE", callId, 1, "application/sdp", Sdp);
        var ok = src.FinalResponse();
        Assert.Equal(200, ok.StatusCode);
        src.Send("ACK", callId, 1, toTag: ok.To!.Tag!);
        var answer = SdpSessionDescription.Parse(Encoding.UTF8.GetString(ok.Body.Span));
        return (ok.To!.Tag!, answer.Media[0].Port);
    }
}
