using Npgsql;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Index;

[RequiresPostgres]
public sealed class PostgresRecordingIndexTests(PostgresFixture postgres) : RecordingIndexContract, IClassFixture<PostgresFixture>
{
    private readonly List<PostgresRecordingIndex> _indexes = [];
    private string _url = null!;

    [IndexFact]
    public async Task NodesShareOneListingEachRowWithItsNode()
    {
        var other = Node("node-b", Path.Combine(Dir, "other"));
        var here = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("call-1", SidecarFixture.Day, "same-name"));
        var there = await SidecarFixture.WriteAsync(Path.Combine(Dir, "other"), SidecarFixture.Sidecar("call-2", SidecarFixture.Day.AddMinutes(1), "same-name"));

        var hereId = await Store.UpsertAsync(Store.Folder.Describe(here.Location.SidecarPath, here.Sidecar));
        var thereId = await other.UpsertAsync(other.Folder.Describe(there.Location.SidecarPath, there.Sidecar));
        var listed = await Store.QueryAsync(new RecordingQuery());

        Assert.Equal("same-name", hereId);
        Assert.Equal("20260304-same-name", thereId);
        Assert.Equal([("call-2", "node-b"), ("call-1", "node-a")], listed.Items.Select(r => (r.CallId, r.Node!)));
        Assert.Equal("node-b", (await Store.FindAsync("call-2"))?.Node);
        Assert.Equal(["call-1"], (await Store.PendingUploadsAsync(10)).Select(r => r.CallId));
        Assert.Equal(["call-2"], (await other.PendingUploadsAsync(10)).Select(r => r.CallId));
    }

    [IndexFact]
    public async Task NodesStartingTogetherMigrateOnceToTheLatestVersion()
    {
        var nodes = Enumerable.Range(0, 4).Select(i => Node($"n{i}", Root)).ToList();

        await Task.WhenAll(nodes.Select(n => n.InitializeAsync()));

        await using var connection = new NpgsqlConnection(PostgresIndexAddress.Parse(_url).ConnectionString);
        await connection.OpenAsync();
        await using var versions = new NpgsqlCommand("SELECT version FROM recording_index_schema ORDER BY version", connection);
        var applied = new List<int>();
        await using (var reader = await versions.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                applied.Add(reader.GetInt32(0));
        Assert.Equal(Enumerable.Range(1, applied.Count), applied);
        Assert.NotEmpty(applied);
    }

    [IndexFact]
    public async Task ImportingASqliteIndexKeepsIdsAndUploadsAndTwiceChangesNothing()
    {
        var sqlite = new RecordingIndex(Path.Combine(Dir, "sqlite", "index.db"), Root);
        var a = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("imp-a", SidecarFixture.Day, "imp-a", ("sip:alice@example.com", "Alice")));
        var b = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("imp-b", SidecarFixture.Day.AddHours(1), "imp-b"));
        await sqlite.UpsertAsync(sqlite.Folder.Describe(a.Location.SidecarPath, a.Sidecar));
        await sqlite.MarkUploadedAsync(sqlite.Folder.Describe(b.Location.SidecarPath, b.Sidecar), "p/2026/03/04/imp-b.wav", SidecarFixture.Day.AddHours(2));
        var target = (PostgresRecordingIndex)Store;

        var first = await RecordingIndexImport.RunAsync(sqlite, target, "node-a");
        var second = await RecordingIndexImport.RunAsync(sqlite, target, "node-a");
        var rows = await Store.QueryAsync(new RecordingQuery());

        Assert.Equal(2, first);
        Assert.Equal(2, second);
        Assert.Equal(2, rows.Total);
        Assert.Equal(["imp-b", "imp-a"], rows.Items.Select(r => r.Id));
        Assert.Equal("p/2026/03/04/imp-b.wav", rows.Items[0].S3Key);
        Assert.Equal(SidecarFixture.Day.AddHours(2), rows.Items[0].UploadedAt);
        Assert.Single((await Store.QueryAsync(new RecordingQuery { Participant = "alice" })).Items);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [IndexFact]
    public async Task AnUnreachableDatabaseFailsFastWithADatabaseError()
    {
        var dead = new PostgresRecordingIndex($"postgres://postgres@127.0.0.1:{ClosedPort()}/nothing?connect_timeout=2", "node-a", Root);
        _indexes.Add(dead);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => dead.QueryAsync(new RecordingQuery()));

        Assert.True(error is NpgsqlException or TimeoutException, error.ToString());
        Assert.True(RecordingIndexFeed.IsIndexFailure(error));
    }

    protected override async Task<IRecordingIndex> CreateIndexAsync(string root)
    {
        if (postgres.Server is null)
            throw new InvalidOperationException("PostgreSQL is not installed");
        _url = await postgres.Server.CreateDatabaseAsync();
        return Node("node-a", root);
    }

    protected override async Task DisposeIndexAsync()
    {
        foreach (var index in _indexes)
            await index.DisposeAsync();
    }

    private PostgresRecordingIndex Node(string id, string root)
    {
        var index = new PostgresRecordingIndex(_url, id, root);
        _indexes.Add(index);
        return index;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
