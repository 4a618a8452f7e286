namespace Siprec.Recording.Srs;

/// <summary>
/// Sees the outcome of every recording INVITE as a SIP call, for counting (the server's metrics): each refusal, and each
/// recorded call that ends, with its end reason, duration and media counters. Unlike <see cref="Storage.IRecordingFinalizedSink"/>,
/// which hands over a recording's files once the call has ended, it hears of calls that never became a recording.
/// Called inline; implementations must be cheap and must not throw.
/// </summary>
public interface ISrsCallObserver
{
    /// <summary>An initial INVITE got a final error response and no session was created.</summary>
    void CallRejected(int statusCode);

    /// <summary>
    /// A recorded call ended and its audio is closed; told for every ended call, after the finalized-recording sinks
    /// and whether or not the final sidecar was written.
    /// </summary>
    void CallEnded(SrsCallSummary summary);
}
