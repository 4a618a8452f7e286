using Siprec.Tests.Shared;

namespace Siprec.Server.Tests.Support;

/// <summary>A fact that needs a real PostgreSQL: skipped, saying why, where it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.MissingReason is { } reason)
            Skip = reason;
    }
}
