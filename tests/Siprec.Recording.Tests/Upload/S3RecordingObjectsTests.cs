using System.Net;
using Amazon.S3;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Recording.Index;
using Siprec.Recording.Tests.Support;
using Siprec.Recording.Upload;
using Siprec.Tests.Shared;

namespace Siprec.Recording.Tests.Upload;

public sealed class S3RecordingObjectsTests : IDisposable
{
    private static readonly S3UploadOptions Options = new()
    {
        Bucket = "bucket-2",
        Region = "eu-west-1",
        AccessKey = "AKIDTEST",
        SecretKey = "secret-test-key",
        Prefix = "calls",
        MaxAttempts = 1,
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-objects-").FullName;
    private readonly string _root;
    private readonly RecordingIndex _index;

    public S3RecordingObjectsTests()
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
    public async Task ReadsBackWhatTheUploaderStoredAndNothingForAKeyNeverUploaded()
    {
        await using var s3 = new FakeS3Server();
        var options = Options with { Endpoint = s3.Endpoint };
        var recording = await SidecarFixture.WriteAsync(_root, SidecarFixture.Sidecar("obj-1", SidecarFixture.Day, "obj-1"), audioBytes: 90_000);
        using var uploader = new S3RecordingUploader(options, _index, TimeProvider.System, NullLogger<S3RecordingUploader>.Instance);
        Assert.True(await uploader.UploadAsync(recording, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        var key = (await _index.FindAsync("obj-1"))?.S3Key;
        Assert.Equal("calls/2026/03/04/obj-1.wav", key);
        using var objects = new S3RecordingObjects(options);

        using var stored = await objects.OpenAsync(key!, CancellationToken.None);
        Assert.NotNull(stored);
        using var copy = new MemoryStream();
        await stored.Content.CopyToAsync(copy);
        using var missing = await objects.OpenAsync("calls/2026/03/04/never.wav", CancellationToken.None);

        Assert.Equal(90_000L, stored.Length);
        Assert.Equal(await File.ReadAllBytesAsync(recording.Location.AudioPath), copy.ToArray());
        Assert.Null(missing);
        var get = s3.Requests.Last(r => r.Method == "GET" && r.Path.EndsWith("obj-1.wav", StringComparison.Ordinal));
        Assert.Equal("/bucket-2/calls/2026/03/04/obj-1.wav", get.Path);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/", get.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOutageOfTheServiceIsAnErrorNotAMissingObject()
    {
        await using var s3 = new FakeS3Server();
        using var objects = new S3RecordingObjects(Options with { Endpoint = s3.Endpoint });
        s3.Outage = true;

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => objects.OpenAsync("calls/2026/03/04/any.wav", CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("ServiceUnavailable", error.ErrorCode);
    }
}
