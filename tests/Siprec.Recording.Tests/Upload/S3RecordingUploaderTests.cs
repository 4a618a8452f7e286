using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Support;
using Siprec.Recording.Upload;
using Siprec.Tests.Shared;

namespace Siprec.Recording.Tests.Upload;

public sealed class S3RecordingUploaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-upload-").FullName;
    private readonly string _root;
    private readonly RecordingIndex _index;

    public S3RecordingUploaderTests()
    {
        _root = Path.Combine(_dir, "recordings");
        _index = new RecordingIndex(Path.Combine(_root, "index.db"), _root);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RetriesAfterAFailedFirstAttemptAndDeliversSignedIntactBodies()
    {
        await using var s3 = new FakeS3Server(failFirst: 1);
        var recording = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("up-1", SidecarFixture.Day, "up-1"), audioBytes: 70_000);
        using var uploader = Uploader(s3, prefix: "/calls/");

        var ok = await uploader.UploadAsync(recording, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(ok);
        var requests = s3.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("PUT", r.Method));
        Assert.All(requests, r => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/", r.Headers["Authorization"], StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Contains("SignedHeaders=", r.Headers["Authorization"], StringComparison.Ordinal));
        Assert.Equal("/bucket-1/calls/2026/03/04/up-1.wav", requests[0].Path);
        Assert.Equal(requests[0].Path, requests[1].Path);
        Assert.Equal(SidecarFixture.Audio(70_000), s3.Objects["/bucket-1/calls/2026/03/04/up-1.wav"]);
        Assert.Equal(await File.ReadAllBytesAsync(recording.Location.SidecarPath), s3.Objects["/bucket-1/calls/2026/03/04/up-1.json"]);
        Assert.Equal("audio/wav", requests[1].Headers["Content-Type"]);

        var row = await _index.FindAsync("up-1");
        Assert.Equal("calls/2026/03/04/up-1.wav", row?.S3Key);
        Assert.NotNull(row?.UploadedAt);
        Assert.True(File.Exists(recording.Location.AudioPath));
    }

    [Fact]
    public async Task UploadsTranscriptAndStreamFilesAndDeletesLocalAudioOnlyWhenAsked()
    {
        await using var s3 = new FakeS3Server();
        var sidecar = SidecarFixture.Sidecar("up-2", SidecarFixture.Day, "up-2") with
        {
            TranscriptFile = "up-2.transcript.jsonl",
            StreamFiles = ["up-2.stream1.wav"],
        };
        var recording = await SidecarFixture.WriteAsync(_root, sidecar);
        await File.WriteAllTextAsync(Path.Combine(recording.Location.Directory, "up-2.transcript.jsonl"), "{\"text\":\"hello\"}\n");
        await File.WriteAllBytesAsync(Path.Combine(recording.Location.Directory, "up-2.stream1.wav"), SidecarFixture.Audio(500));
        using var uploader = Uploader(s3, deleteLocal: true);

        Assert.True(await uploader.UploadAsync(recording, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(
            ["/bucket-1/2026/03/04/up-2.json", "/bucket-1/2026/03/04/up-2.stream1.wav", "/bucket-1/2026/03/04/up-2.transcript.jsonl", "/bucket-1/2026/03/04/up-2.wav"],
            s3.Objects.Keys.Order(StringComparer.Ordinal));
        Assert.False(File.Exists(recording.Location.AudioPath));
        Assert.False(File.Exists(Path.Combine(recording.Location.Directory, "up-2.stream1.wav")));
        Assert.False(File.Exists(Path.Combine(recording.Location.Directory, "up-2.transcript.jsonl")));
        Assert.True(File.Exists(recording.Location.SidecarPath));
    }

    [Fact]
    public async Task GivesUpAfterMaxAttemptsKeepingLocalFilesAndLeavingItPending()
    {
        await using var s3 = new FakeS3Server(failFirst: 100);
        var recording = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("up-3", SidecarFixture.Day, "up-3"));
        await _index.UpsertAsync(_index.Describe(recording.Location.SidecarPath, recording.Sidecar));
        using var uploader = Uploader(s3, deleteLocal: true, maxAttempts: 3);

        Assert.False(await uploader.UploadAsync(recording, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(3, s3.Requests.Count);
        Assert.True(File.Exists(recording.Location.AudioPath));
        Assert.Equal("up-3", Assert.Single(await _index.PendingUploadsAsync(10)).Id);
    }

    [Fact]
    public async Task QueueUploadsPendingRecordingsFromTheIndexAndNewOnes()
    {
        await using var s3 = new FakeS3Server();
        var old = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("old", SidecarFixture.Day, "old"));
        await _index.UpsertAsync(_index.Describe(old.Location.SidecarPath, old.Sidecar));
        var fresh = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("fresh", SidecarFixture.Day.AddHours(1), "fresh"));
        using var uploader = Uploader(s3);
        using var stop = new CancellationTokenSource();

        var running = uploader.RunAsync(stop.Token);
        uploader.OnRecordingFinalized(fresh);
        for (var i = 0; i < 300 && (await _index.PendingUploadsAsync(10)).Count + (await _index.FindAsync("fresh") is { S3Key: not null } ? 0 : 1) > 0; i++)
            await Task.Delay(50);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("/bucket-1/2026/03/04/old.wav", s3.Objects.Keys);
        Assert.Contains("/bucket-1/2026/03/04/fresh.wav", s3.Objects.Keys);
        Assert.Empty(await _index.PendingUploadsAsync(10));
    }

    [Fact]
    public async Task ARecordingGivenUpDuringAnOutageIsQueuedAgainAtTheNextRequeueAndUploadedOnceTheEndpointIsBack()
    {
        await using var s3 = new FakeS3Server { Outage = true };
        var recording = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("out-1", SidecarFixture.Day, "out-1"));
        await _index.UpsertAsync(_index.Describe(recording.Location.SidecarPath, recording.Sidecar));
        var time = new FakeTimeProvider();
        using var uploader = Uploader(s3, maxAttempts: 2, time: time, requeueInterval: TimeSpan.FromSeconds(10));
        using var stop = new CancellationTokenSource();

        var running = uploader.RunAsync(stop.Token);
        await AdvanceUntilAsync(time, () => uploader.GaveUp == 1);
        await WaitUntilAsync(() => uploader.Backlog == 0);

        Assert.Equal(2, s3.Requests.Count);
        Assert.Equal(2, uploader.FailedAttempts);
        Assert.True(File.Exists(recording.Location.AudioPath));
        Assert.Equal("out-1", Assert.Single(await _index.PendingUploadsAsync(10)).Id);

        s3.Outage = false;
        await AdvanceUntilAsync(time, () => uploader.Uploaded == 1);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, uploader.GaveUp);
        Assert.Equal(SidecarFixture.Audio(1000), s3.Objects["/bucket-1/2026/03/04/out-1.wav"]);
        Assert.Empty(await _index.PendingUploadsAsync(10));
        Assert.Equal(0, uploader.Backlog);
    }

    [Fact]
    public async Task ARecordingAlreadyQueuedIsNotQueuedTwiceByTheRequeueOrAgainByItsSession()
    {
        await using var s3 = new FakeS3Server();
        var recording = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("once", SidecarFixture.Day, "once"));
        await _index.UpsertAsync(_index.Describe(recording.Location.SidecarPath, recording.Sidecar));
        using var uploader = Uploader(s3);
        using var stop = new CancellationTokenSource();

        uploader.OnRecordingFinalized(recording);
        uploader.OnRecordingFinalized(recording);
        Assert.Equal(1, uploader.Backlog);
        var running = uploader.RunAsync(stop.Token);
        await WaitUntilAsync(() => uploader.Uploaded == 1 && uploader.Backlog == 0);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["/bucket-1/2026/03/04/once.json", "/bucket-1/2026/03/04/once.wav"], s3.Requests.Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal(1, uploader.Uploaded);
    }

    /// <summary>Moves the fake clock on in small steps, giving the uploader real time to react, until <paramref name="done"/> (bounded).</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done)
    {
        for (var step = 0; step < 3000 && !done(); step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        Assert.True(done(), "the uploader never got there");
    }

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        for (var poll = 0; poll < 600 && !done(); poll++)
            await Task.Delay(50);
        Assert.True(done(), "the uploader never got there");
    }

    private S3RecordingUploader Uploader(
        FakeS3Server s3, string? prefix = null, bool deleteLocal = false, int maxAttempts = 4, TimeProvider? time = null, TimeSpan? requeueInterval = null) =>
        new(new S3UploadOptions
        {
            Bucket = "bucket-1",
            Endpoint = s3.Endpoint,
            Region = "eu-west-1",
            AccessKey = "AKIDTEST",
            SecretKey = "secret-test-key",
            Prefix = prefix,
            DeleteLocalAfterUpload = deleteLocal,
            MaxAttempts = maxAttempts,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(40),
            RequeueInterval = requeueInterval ?? TimeSpan.FromMinutes(5),
        }, _index, time ?? TimeProvider.System, NullLogger<S3RecordingUploader>.Instance);
}
