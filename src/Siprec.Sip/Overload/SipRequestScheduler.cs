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
    private readonly ConcurrentQueue<Work> _new = new();
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

        _new.Enqueue(new Work(run, _time.GetTimestamp(), isInvite));
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

    private TimeSpan OldestNewAge() =>
        _new.TryPeek(out var oldest) ? _time.GetElapsedTime(oldest.EnqueuedAt) : TimeSpan.Zero;

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

            if (!TryTake(out var work))
            {
                continue;
            }

            Interlocked.Increment(ref _busy);
            try
            {
                await work.Run().ConfigureAwait(false);
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
    }

    private bool TryTake(out Work work)
    {
        if (_inDialog.TryDequeue(out work))
        {
            Interlocked.Decrement(ref _queuedInDialog);
            return true;
        }

        if (_new.TryDequeue(out work))
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
