using System.Threading.Channels;

namespace Siprec.Recording.Storage;

/// <summary>
/// The bounded hand-over between the session's completion path and a sink's background worker: the completion path
/// only enqueues, and <see cref="RunAsync"/> handles recordings one at a time, finishing what is queued at cancellation.
/// </summary>
public sealed class FinalizedRecordingQueue
{
    private const int Capacity = 10_000;
    private readonly Channel<FinalizedRecording> _queue = Channel.CreateBounded<FinalizedRecording>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues <paramref name="recording"/>; false when the queue is full and it was dropped.</summary>
    public bool TryEnqueue(FinalizedRecording recording) => _queue.Writer.TryWrite(recording);

    /// <summary>Hands each queued recording to <paramref name="handle"/> until cancelled, then those still queued without a token.</summary>
    public async Task RunAsync(Func<FinalizedRecording, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            await foreach (var recording in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                await handle(recording, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            while (_queue.Reader.TryRead(out var recording))
                await handle(recording, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
