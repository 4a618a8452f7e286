using Siprec.Media.Pipeline;

namespace Siprec.Media.Tests.TestSupport;

/// <summary>
/// A gate the test sets by hand. Given a clock, it stamps each change of the recording gate with the clock's time, as the
/// session's pause state does; a decision that carries its own instant keeps it.
/// </summary>
public sealed class TestGate(TimeProvider? time = null) : IMediaGate
{
    private volatile StrongBox _current = new(MediaGateDecision.Open);

    public MediaGateDecision Current => _current.Value;

    public void Set(MediaGateDecision decision)
    {
        MediaGateDecision previous = _current.Value;
        bool changed = decision.RecordingOpen != previous.RecordingOpen || (!decision.RecordingOpen && decision.PausedRecording != previous.PausedRecording);
        if (time is not null && decision.RecordingChangedAt == default)
            decision = decision with { RecordingChangedAt = changed ? time.GetUtcNow() : previous.RecordingChangedAt };
        _current = new StrongBox(decision);
    }

    private sealed record StrongBox(MediaGateDecision Value);
}
