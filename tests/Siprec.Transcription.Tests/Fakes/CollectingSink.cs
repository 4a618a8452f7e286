using System.Collections.Concurrent;
using Siprec.Transcription.Output;

namespace Siprec.Transcription.Tests.Fakes;

/// <summary>Collects results and lets a test wait, bounded in time, for a condition on them.</summary>
internal sealed class CollectingSink : ITranscriptSink
{
    private readonly ConcurrentQueue<TranscriptResult> _results = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<TranscriptResult> Results => [.. _results];

    public IReadOnlyList<TranscriptResult> Finals => [.. _results.Where(r => r.IsFinal)];

    public ValueTask WriteAsync(TranscriptResult result, CancellationToken cancellationToken)
    {
        _results.Enqueue(result);
        _arrived.Release();
        return ValueTask.CompletedTask;
    }

    public async Task WaitForAsync(Func<CollectingSink, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (!condition(this))
        {
            try
            {
                await _arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting for {what}; got {_results.Count} results: {string.Join(" | ", _results.Select(r => $"{(r.IsFinal ? "F" : "I")} '{r.Text}' {r.Start}-{r.End}"))}");
            }
        }
    }
}
