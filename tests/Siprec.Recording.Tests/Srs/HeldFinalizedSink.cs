using Siprec.Recording.Storage;

namespace Siprec.Recording.Tests.Srs;

/// <summary>A finalized-recording sink that holds every end of call until released, as a slow disk or index would.</summary>
internal sealed class HeldFinalizedSink : IRecordingFinalizedSink, IDisposable
{
    private static readonly TimeSpan HoldBound = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _entered = new(0);
    private readonly ManualResetEventSlim _released = new();

    public void OnRecordingFinalized(FinalizedRecording recording)
    {
        _entered.Release();
        _released.Wait(HoldBound);
    }

    /// <summary>True once an end of call reached this sink, false if none did within the bound.</summary>
    public Task<bool> EnteredAsync() => _entered.WaitAsync(TimeSpan.FromSeconds(10));

    public void Release() => _released.Set();

    public void Dispose()
    {
        _released.Set();
        _entered.Dispose();
        _released.Dispose();
    }
}
