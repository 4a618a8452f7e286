using Microsoft.Extensions.Logging;
using Siprec.Recording.Srs;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Srs;

public sealed class SrsBackgroundTasksTests
{
    [Fact]
    public async Task AFaultIsLoggedOnceWithTheCallsIdAndNeverReachesTheCaller()
    {
        var logger = new ListLogger<SrsUserAgent>();
        var tasks = new SrsBackgroundTasks(logger);

        tasks.Start("call-f", "BYE on RTP timeout", async () =>
        {
            await Task.Yield();
            throw new IOException("socket gone");
        });
        await tasks.DrainAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var entry = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Error, "BYE on RTP timeout of call-f failed"), (entry.Level, entry.Message));
        Assert.True(await SrsHarness.EventuallyAsync(() => tasks.Count == 0));
    }

    [Fact]
    public async Task DrainingWaitsForWorkStillRunning()
    {
        var tasks = new SrsBackgroundTasks(new ListLogger<SrsUserAgent>());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tasks.Start("call-d", "Finalisation", () => release.Task);

        var drained = tasks.DrainAsync();
        Assert.False(drained.IsCompleted);
        Assert.Equal(1, tasks.Count);

        release.SetResult();
        await drained.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await SrsHarness.EventuallyAsync(() => tasks.Count == 0));
    }
}
