namespace Siprec.Media.Pipeline;

/// <summary>
/// The pause gate a session's media pipeline consults, right after decode and before any buffer.
/// Reading <see cref="Current"/> must be cheap and lock-free: it is read on the RTP hot path.
/// </summary>
public interface IMediaGate
{
    /// <summary>What may pass the gate at this instant; applies to every stream of the session at once.</summary>
    MediaGateDecision Current { get; }
}
