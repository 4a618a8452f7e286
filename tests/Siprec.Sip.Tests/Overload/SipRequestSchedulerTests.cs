using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Siprec.Sip.Overload;
using Siprec.Sip.Tests.Support;

namespace Siprec.Sip.Tests.Overload;

public sealed class SipRequestSchedulerTests
{
    private static readonly SipOverloadOptions OneWorker = new() { Workers = 1, MaxQueuedRequests = 3, MaxQueueDelay = TimeSpan.FromSeconds(2), MaxQueuedInDialog = 2 };

    [Fact]
    public async Task In_dialog_work_is_served_before_new_requests_that_waited_longer()
    {
        await using var scheduler = Start(new FakeTimeProvider(), out _);
        var blocker = new BlockingWork();
        var order = new List<string>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(scheduler.TryEnqueueNew(blocker.RunAsync, isInvite: true));
        await blocker.Started.WaitAsync(TestTimeouts.Expected);

        Assert.True(scheduler.TryEnqueueNew(Record(order, "invite-1"), isInvite: true));
        Assert.True(scheduler.TryEnqueueNew(Record(order, "options", last), isInvite: false));
        Assert.True(scheduler.TryEnqueueInDialog(Record(order, "bye")));
        Assert.Equal(new SipBacklog(2, 1, 1, TimeSpan.Zero, 1, false), scheduler.Backlog);
        blocker.Release();
        await last.Task.WaitAsync(TestTimeouts.Expected);

        Assert.Equal(["bye", "invite-1", "options"], order);
    }

    [Fact]
    public async Task A_full_new_request_queue_refuses_at_once_and_accepts_again_once_it_drains()
    {
        await using var scheduler = Start(new FakeTimeProvider(), out _);
        var blocker = new BlockingWork();
        Assert.True(scheduler.TryEnqueueNew(blocker.RunAsync, isInvite: true));
        await blocker.Started.WaitAsync(TestTimeouts.Expected);
        var done = new CountdownEvent(3);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(scheduler.TryEnqueueNew(Signal(done), isInvite: true));
        }

        Assert.False(scheduler.TryEnqueueNew(Signal(done), isInvite: true));
        Assert.False(scheduler.TryEnqueueNew(Signal(done), isInvite: false));
        Assert.Equal(new SipBacklog(3, 3, 0, TimeSpan.Zero, 1, true), scheduler.Backlog);
        Assert.True(scheduler.TryEnqueueInDialog(() => Task.CompletedTask), "in-dialog work has its own queue");

        blocker.Release();
        Assert.True(done.Wait(TestTimeouts.Expected));
        Assert.True(scheduler.TryEnqueueNew(() => Task.CompletedTask, isInvite: true));
    }

    [Fact]
    public async Task New_requests_are_refused_once_the_oldest_waiting_one_is_older_than_the_budget()
    {
        var clock = new FakeTimeProvider();
        await using var scheduler = Start(clock, out _);
        var blocker = new BlockingWork();
        Assert.True(scheduler.TryEnqueueNew(blocker.RunAsync, isInvite: true));
        await blocker.Started.WaitAsync(TestTimeouts.Expected);
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(scheduler.TryEnqueueNew(() => { queued.SetResult(); return Task.CompletedTask; }, isInvite: true));

        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(scheduler.Backlog.Overloaded);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(new SipBacklog(1, 1, 0, TimeSpan.FromSeconds(2), 1, true), scheduler.Backlog);
        Assert.False(scheduler.TryEnqueueNew(() => Task.CompletedTask, isInvite: true));
        blocker.Release();
        await queued.Task.WaitAsync(TestTimeouts.Expected);
        Assert.True(scheduler.TryEnqueueNew(() => Task.CompletedTask, isInvite: true));
    }

    [Fact]
    public async Task The_in_dialog_queue_is_bounded_too()
    {
        await using var scheduler = Start(new FakeTimeProvider(), out _);
        var blocker = new BlockingWork();
        Assert.True(scheduler.TryEnqueueInDialog(blocker.RunAsync));
        await blocker.Started.WaitAsync(TestTimeouts.Expected);

        Assert.True(scheduler.TryEnqueueInDialog(() => Task.CompletedTask));
        Assert.True(scheduler.TryEnqueueInDialog(() => Task.CompletedTask));
        Assert.False(scheduler.TryEnqueueInDialog(() => Task.CompletedTask));
        Assert.Equal(2, scheduler.Backlog.QueuedInDialog);
        blocker.Release();
    }

    [Fact]
    public async Task Work_that_throws_is_logged_and_the_worker_goes_on()
    {
        await using var scheduler = Start(new FakeTimeProvider(), out var loggers);
        var after = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(scheduler.TryEnqueueNew(() => throw new InvalidOperationException("boom"), isInvite: false));
        Assert.True(scheduler.TryEnqueueNew(() => { after.SetResult(); return Task.CompletedTask; }, isInvite: false));

        await after.Task.WaitAsync(TestTimeouts.Expected);
        Assert.Contains(loggers.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.StartsWith("Request handling failed", StringComparison.Ordinal));
    }

    private static SipRequestScheduler Start(TimeProvider clock, out ListLoggerFactory loggers)
    {
        loggers = new ListLoggerFactory();
        var scheduler = new SipRequestScheduler(OneWorker, clock, loggers.CreateLogger("scheduler"));
        scheduler.Start();
        return scheduler;
    }

    private static Func<Task> Record(List<string> order, string name, TaskCompletionSource? done = null) => () =>
    {
        order.Add(name);
        done?.SetResult();
        return Task.CompletedTask;
    };

    private static Func<Task> Signal(CountdownEvent done) => () =>
    {
        done.Signal();
        return Task.CompletedTask;
    };

    private sealed class BlockingWork
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public void Release() => _release.TrySetResult();

        public async Task RunAsync()
        {
            _started.SetResult();
            await _release.Task;
        }
    }
}
