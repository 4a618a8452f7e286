namespace Siprec.Recording.Srs;

/// <summary>Told when a recording INVITE is refused and when a recorded call ends; implementations must not throw.</summary>
public interface ISrsCallObserver
{
    /// <summary>An initial INVITE got a final error response and no session was created.</summary>
    void CallRejected(int statusCode);

    /// <summary>A call ended and its files are final.</summary>
    void CallEnded(SrsCallSummary summary);
}
