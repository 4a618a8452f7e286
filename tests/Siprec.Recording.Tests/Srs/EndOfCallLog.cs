using Siprec.Recording.Srs;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Tests.Srs;

/// <summary>Both end-of-call hooks of the user agent in one place, so a test sees what each was told and in which order.</summary>
internal sealed class EndOfCallLog : ISrsCallObserver, IRecordingFinalizedSink
{
    private readonly Lock _lock = new();
    private readonly List<string> _entries = [];

    public List<FinalizedRecording> Finalized { get; } = [];

    public List<SrsCallSummary> Ended { get; } = [];

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public void CallRejected(int statusCode)
    {
        lock (_lock)
        {
            _entries.Add($"rejected {statusCode}");
        }
    }

    public void CallEnded(SrsCallSummary summary)
    {
        lock (_lock)
        {
            Ended.Add(summary);
            _entries.Add($"ended {summary.SessionId} {summary.Reason}");
        }
    }

    public void OnRecordingFinalized(FinalizedRecording recording)
    {
        lock (_lock)
        {
            Finalized.Add(recording);
            _entries.Add($"finalized {recording.Sidecar.CallId} {recording.Sidecar.EndReason}");
        }
    }
}
