namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A theory that drives the real server; skipped until <see cref="ServerIntegration.IsWired"/>. Pair with [Trait("Requires", "Integration")].</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IntegrationTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets Skip while the integration is not wired.</summary>
    public IntegrationTheoryAttribute()
    {
        if (!ServerIntegration.IsWired)
            Skip = ServerIntegration.SkipReason;
    }
}
