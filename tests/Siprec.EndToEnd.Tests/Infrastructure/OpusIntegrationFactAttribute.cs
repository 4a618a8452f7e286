namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>An <see cref="IntegrationFactAttribute"/> that also needs libopus; skipped with the reason when either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpusIntegrationFactAttribute : FactAttribute
{
    /// <summary>Sets Skip while the integration is not wired or libopus is missing.</summary>
    public OpusIntegrationFactAttribute()
    {
        Skip = ServerIntegration.IsWired ? OpusLibrary.MissingReason : ServerIntegration.SkipReason;
    }
}
