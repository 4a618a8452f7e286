using Siprec.Recording.Srs;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Tests.Srs;

/// <summary>End-of-call hooks that fail however they are called, as a broken sink or metrics exporter would.</summary>
internal sealed class ThrowingEndOfCallHooks : ISrsCallObserver, IRecordingFinalizedSink
{
    public void CallRejected(int statusCode) => throw new InvalidOperationException("observer broken");

    public void CallEnded(SrsCallSummary summary) => throw new InvalidOperationException("observer broken");

    public void OnRecordingFinalized(FinalizedRecording recording) => throw new InvalidOperationException("sink broken");
}
