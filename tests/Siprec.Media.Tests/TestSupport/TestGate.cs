using Siprec.Media.Pipeline;

namespace Siprec.Media.Tests.TestSupport;

public sealed class TestGate : IMediaGate
{
    private volatile StrongBox _current = new(MediaGateDecision.Open);

    public MediaGateDecision Current => _current.Value;

    public void Set(MediaGateDecision decision) => _current = new StrongBox(decision);

    private sealed record StrongBox(MediaGateDecision Value);
}
