using Siprec.Tests.Shared;

namespace Siprec.Recording.Tests.Support;

/// <summary>One throwaway PostgreSQL per test class, started only where it is installed; each test takes a fresh database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>The server; null where PostgreSQL is missing (the tests are then skipped).</summary>
    public PostgresServer? Server { get; private set; }

    public async Task InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
            Server = await PostgresServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
            await Server.DisposeAsync();
    }
}
