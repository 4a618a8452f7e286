using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Siprec.Recording.Srs;

/// <summary>
/// The owner of the work the user agent starts without waiting for it (a finalisation when a dialog ends, a BYE on
/// RTP timeout): it keeps each task until it is done, logs its fault with the call's id, and lets shutdown wait for
/// all of them.
/// </summary>
internal sealed partial class SrsBackgroundTasks(ILogger logger)
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>Number of tasks not yet done.</summary>
    public int Count => _running.Count;

    /// <summary>Starts <paramref name="work"/> for call <paramref name="sessionId"/>; its fault, if any, is logged as <paramref name="what"/> failing.</summary>
    public void Start(string sessionId, string what, Func<Task> work)
    {
        var task = ObserveAsync(sessionId, what, work);
        _running.TryAdd(task, 0);
        task.ContinueWith(static (done, running) => ((ConcurrentDictionary<Task, byte>)running!).TryRemove(done, out _),
            _running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes once every task started so far is done.</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Keys);

    private async Task ObserveAsync(string sessionId, string what, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Failed(logger, what, sessionId, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "{Work} of {SessionId} failed")]
        public static partial void Failed(ILogger logger, string work, string sessionId, Exception exception);
    }
}
