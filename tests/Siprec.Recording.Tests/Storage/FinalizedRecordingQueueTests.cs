using Siprec.Recording.Storage;

namespace Siprec.Recording.Tests.Storage;

public sealed class FinalizedRecordingQueueTests
{
    [Fact]
    public async Task RecordingsQueuedBeforeCancellationAreStillHandledInOrder()
    {
        var queue = new FinalizedRecordingQueue();
        var handled = new List<string>();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        Assert.True(queue.TryEnqueue(Recording("a")));
        Assert.True(queue.TryEnqueue(Recording("b")));

        await queue.RunAsync((r, token) =>
        {
            Assert.False(token.CanBeCanceled);
            handled.Add(r.Sidecar.CallId);
            return Task.CompletedTask;
        }, cancel.Token);

        Assert.Equal(["a", "b"], handled);
    }

    [Fact]
    public async Task ARunningQueueHandsOverEachRecordingAsItArrives()
    {
        var queue = new FinalizedRecordingQueue();
        var handled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var run = queue.RunAsync((r, _) =>
        {
            handled.TrySetResult(r.Sidecar.CallId);
            return Task.CompletedTask;
        }, cancel.Token);

        queue.TryEnqueue(Recording("c"));

        Assert.Equal("c", await handled.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await cancel.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static FinalizedRecording Recording(string callId) => new(
        new RecordingLocation(Path.GetTempPath(), callId),
        new SessionSidecar { CallId = callId, RecordingFile = callId + ".wav", StartedAt = DateTimeOffset.UnixEpoch });
}
