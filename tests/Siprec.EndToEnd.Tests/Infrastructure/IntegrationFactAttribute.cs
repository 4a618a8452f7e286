namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A fact that drives the real server; skipped until <see cref="ServerIntegration.IsWired"/>. Pair with [Trait("Requires", "Integration")].</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IntegrationFactAttribute : FactAttribute
{
    /// <summary>Sets Skip while the integration is not wired.</summary>
    public IntegrationFactAttribute()
    {
        if (!ServerIntegration.IsWired)
            Skip = ServerIntegration.SkipReason;
    }
}
