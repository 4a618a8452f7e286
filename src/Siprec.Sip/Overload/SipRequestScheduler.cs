using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Siprec.Sip.Overload;

/// <summary>
/// Runs request handling on a fixed number of workers fed by two bounded queues: in-dialog work first, new requests
/// after. A new request is refused (not queued) once the new queue is full or its oldest entry waited past the budget.
/// </summary>
internal sealed partial class SipRequestScheduler : IAsyncDisposable
{
    private readonly ConcurrentQueue<Work> _inDialog = new();
    // Not a ConcurrentQueue: its TryPeek (needed for the oldest entry's age) makes the segment keep every item dequeued
    // from it, so each request with its transaction and body stayed reachable long after it was handled.
    private readonly Queue<Work> _new = new();
    private readonly Lock _newGate = new();
    private readonly SemaphoreSlim _ready = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SipOverloadOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Task[] _workers = [];
    private int _queuedNew;
    private int _queuedInvites;
    private int _queuedInDialog;
    private int _busy;

    public SipRequestScheduler(SipOverloadOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        _options = options;
        _time = time;
        _logger = logger;
    }

    public SipBacklog Backlog
    {
        get
        {
            var age = OldestNewAge();
            return new SipBacklog(Volatile.Read(ref _queuedNew), Volatile.Read(ref _queuedInvites), Volatile.Read(ref _queuedInDialog), age, Volatile.Read(ref _busy), IsOverloaded(age));
        }
    }

    /// <summary>True when a new request arriving now would be refused.</summary>
    public bool OverBudget => IsOverloaded(OldestNewAge());

    public void Start() =>
        _workers = Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(WorkLoopAsync)).ToArray();

    /// <summary>Queues work for a request inside a dialog (or an ACK); false when even that queue is full.</summary>
    public bool TryEnqueueInDialog(Func<Task> run)
    {
        if (Interlocked.Increment(ref _queuedInDialog) > _options.MaxQueuedInDialog)
        {
            Interlocked.Decrement(ref _queuedInDialog);
            return false;
        }

        _inDialog.Enqueue(new Work(run, _time.GetTimestamp(), false));
        _ready.Release();
        return true;
    }

    /// <summary>Queues a new out-of-dialog request; false, with nothing queued, when over budget.</summary>
    public bool TryEnqueueNew(Func<Task> run, bool isInvite)
    {
        if (IsOverloaded(OldestNewAge()))
        {
            return false;
        }

        if (Interlocked.Increment(ref _queuedNew) > _options.MaxQueuedRequests)
        {
            Interlocked.Decrement(ref _queuedNew);
            return false;
        }

        if (isInvite)
        {
            Interlocked.Increment(ref _queuedInvites);
        }

        lock (_newGate)
        {
            _new.Enqueue(new Work(run, _time.GetTimestamp(), isInvite));
        }

        _ready.Release();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private bool IsOverloaded(TimeSpan oldestAge) =>
        Volatile.Read(ref _queuedNew) >= _options.MaxQueuedRequests || oldestAge >= _options.MaxQueueDelay;

    private TimeSpan OldestNewAge()
    {
        long enqueuedAt;
        lock (_newGate)
        {
            if (!_new.TryPeek(out var oldest))
            {
                return TimeSpan.Zero;
            }

            enqueuedAt = oldest.EnqueuedAt;
        }

        return _time.GetElapsedTime(enqueuedAt);
    }

    private async Task WorkLoopAsync()
    {
        var stopping = _stopping.Token;
        while (true)
        {
            try
            {
                await _ready.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RunNextAsync().ConfigureAwait(false);
        }
    }

    // Not async itself: a work item held in the loop's state machine would keep the last request (and its transaction)
    // of an idle worker alive until the next one.
    private Task RunNextAsync() => TryTake(out var work) ? RunAsync(work.Run) : Task.CompletedTask;

    private async Task RunAsync(Func<Task> run)
    {
        Interlocked.Increment(ref _busy);
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.WorkFailed(_logger, ex);
        }
        finally
        {
            Interlocked.Decrement(ref _busy);
        }
    }

    private bool TryTake(out Work work)
    {
        if (_inDialog.TryDequeue(out work))
        {
            Interlocked.Decrement(ref _queuedInDialog);
            return true;
        }

        bool taken;
        lock (_newGate)
        {
            taken = _new.TryDequeue(out work);
        }

        if (taken)
        {
            Interlocked.Decrement(ref _queuedNew);
            if (work.IsInvite)
            {
                Interlocked.Decrement(ref _queuedInvites);
            }

            return true;
        }

        return false;
    }

    private readonly record struct Work(Func<Task> Run, long EnqueuedAt, bool IsInvite);

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Error, Message = "Request handling failed outside the application's own error handling")]
        public static partial void WorkFailed(ILogger logger, Exception exception);
    }
}
