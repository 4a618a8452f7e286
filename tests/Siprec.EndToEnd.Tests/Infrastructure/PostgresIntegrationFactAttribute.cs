using Siprec.Tests.Shared;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>An <see cref="IntegrationFactAttribute"/> that also needs PostgreSQL; skipped with the reason when either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresIntegrationFactAttribute : FactAttribute
{
    /// <summary>Sets Skip while the integration is not wired or PostgreSQL is not installed.</summary>
    public PostgresIntegrationFactAttribute()
    {
        Skip = ServerIntegration.IsWired ? PostgresServer.MissingReason : ServerIntegration.SkipReason;
    }
}
