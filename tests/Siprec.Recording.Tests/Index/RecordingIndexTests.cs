using Microsoft.Data.Sqlite;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Recording.Tests.Support;

namespace Siprec.Recording.Tests.Index;

public sealed class RecordingIndexTests : RecordingIndexContract
{
    private RecordingIndex _index = null!;

    protected override Task<IRecordingIndex> CreateIndexAsync(string root)
    {
        _index = new RecordingIndex(Path.Combine(Dir, "db", "index.db"), root);
        return Task.FromResult<IRecordingIndex>(_index);
    }

    protected override Task DisposeIndexAsync()
    {
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task FirstUsesAtOnceAllSucceed_TheSchemaIsCreatedOnce()
    {
        // The start-up catch-up creating the schema while API queries arrive: none may fail with "database is locked".
        var firstUses = Enumerable.Range(0, 16)
            .Select(i => i % 2 == 0 ? _index.InitializeAsync() : _index.QueryAsync(new RecordingQuery()))
            .ToArray();

        await Task.WhenAll(firstUses);

        Assert.Equal(0, (await _index.QueryAsync(new RecordingQuery())).Total);
    }

    [Fact]
    public async Task ADatabaseFromBeforeTheErrorsColumnGetsItAndKeepsItsRows()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_index.DatabasePath)!);
        await using (var old = new SqliteConnection($"Data Source={_index.DatabasePath};Pooling=False"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE recordings (id TEXT PRIMARY KEY, call_id TEXT NOT NULL, session_id TEXT, sidecar_file TEXT NOT NULL UNIQUE,
                    recording_file TEXT NOT NULL, transcript_file TEXT, stream_files TEXT NOT NULL, started_at INTEGER NOT NULL,
                    ended_at INTEGER, duration_seconds REAL, end_reason TEXT, participants TEXT NOT NULL, streams TEXT NOT NULL,
                    uploaded_at INTEGER, s3_key TEXT);
                INSERT INTO recordings VALUES ('old-0001', 'old', NULL, 'old-0001.json', 'old-0001.wav', NULL, '[]', 0, 1000, 1.0, 'bye', '[]', '[]', NULL, NULL);
                """;
            await create.ExecuteNonQueryAsync();
        }

        var kept = await _index.FindAsync("old-0001");
        var failed = await SidecarFixture.WriteAsync(Root, SidecarFixture.Sidecar("call-e", SidecarFixture.Day, "call-e-0001")
            with { Errors = [new SidecarError("media", "disk full")] });
        var id = await _index.UpsertAsync(_index.Describe(failed.Location.SidecarPath, failed.Sidecar));

        Assert.NotNull(kept);
        Assert.Equal("old", kept.CallId);
        Assert.Empty(kept.Errors);
        Assert.Equal("media", Assert.Single((await _index.FindAsync(id))!.Errors).Step);
    }

    [Theory]
    [InlineData("../secret.wav")]
    [InlineData("2026/../../secret.wav")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("..")]
    public void ResolveRefusesPathsLeavingTheRoot(string relative)
    {
        Assert.Null(_index.Resolve(relative));
    }

    [Fact]
    public void ResolveKeepsPathsInsideTheRoot()
    {
        Assert.Equal(Path.Combine(_index.RecordingRoot, "2026", "03", "04", "a.wav"), _index.Resolve("2026/03/04/a.wav"));
    }

    [Fact]
    public async Task DatabaseRunsInWalMode()
    {
        await _index.InitializeAsync();
        await using var connection = new SqliteConnection($"Data Source={_index.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
    }
}
