using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Siprec.Recording.Index;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Index;

public sealed class RecordingIndexFeedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("siprec-feed-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task CatchesUpWithDiskThenIndexesQueuedSessions()
    {
        var root = Path.Combine(_dir, "recordings");
        var index = new RecordingIndex(Path.Combine(root, "index.db"), root);
        await SidecarFixture.WriteAsync(root, SidecarFixture.Sidecar("before", SidecarFixture.Day, "before"));
        var feed = new RecordingIndexFeed(index, NullLogger<RecordingIndexFeed>.Instance);
        using var stop = new CancellationTokenSource();

        var running = feed.RunAsync(stop.Token);
        feed.OnRecordingFinalized(await SidecarFixture.WriteAsync(root, SidecarFixture.Sidecar("live", SidecarFixture.Day.AddHours(1), "live")));
        for (var i = 0; i < 400 && (await index.QueryAsync(new RecordingQuery())).Total < 2; i++)
            await Task.Delay(25);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        var all = await index.QueryAsync(new RecordingQuery());
        Assert.Equal(["live", "before"], all.Items.Select(r => r.CallId));
    }

    [Fact]
    public async Task SessionsQueuedWhenStoppingAreStillIndexed()
    {
        var root = Path.Combine(_dir, "recordings");
        var index = new RecordingIndex(Path.Combine(root, "index.db"), root);
        var feed = new RecordingIndexFeed(index, NullLogger<RecordingIndexFeed>.Instance);
        feed.OnRecordingFinalized(await SidecarFixture.WriteAsync(root, SidecarFixture.Sidecar("at-stop", SidecarFixture.Day, "at-stop")));
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        await feed.RunAsync(stopped.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("at-stop", (await index.FindAsync("at-stop"))?.CallId);
    }

    [Fact]
    public async Task AnUnusableDatabaseIsReportedNotThrown()
    {
        var root = Path.Combine(_dir, "recordings");
        var notAFile = Path.Combine(_dir, "db-is-a-directory");
        Directory.CreateDirectory(notAFile);
        var feed = new RecordingIndexFeed(new RecordingIndex(notAFile, root), NullLogger<RecordingIndexFeed>.Instance, maxAttempts: 1);
        var recording = await SidecarFixture.WriteAsync(root, SidecarFixture.Sidecar("x", SidecarFixture.Day, "x"));
        using var stop = new CancellationTokenSource();

        Assert.False(await feed.IndexAsync(recording, CancellationToken.None));
        var running = feed.RunAsync(stop.Token);
        feed.OnRecordingFinalized(recording);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(running.IsCompletedSuccessfully);
    }
}
