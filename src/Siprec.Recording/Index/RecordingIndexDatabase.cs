using Microsoft.Data.Sqlite;
using Siprec.Media.AtRest;

namespace Siprec.Recording.Index;

/// <summary>
/// The SQLite file behind <see cref="RecordingIndex"/>: its connections (pooled, WAL, synchronous NORMAL) and its
/// schema, created on the first connection. The queries stay with the index.
/// </summary>
internal sealed class RecordingIndexDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>Uses the database file at <paramref name="path"/>, an absolute path.</summary>
    public RecordingIndexDatabase(string path)
    {
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 10,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>Opens a pooled connection, creating the file, its folder and the schema on first use.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
            await CreateSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var durability = Command(connection, null, "PRAGMA synchronous = NORMAL"))
            {
                // In WAL mode NORMAL stays consistent after a crash and avoids an fsync per transaction.
                await durability.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // One first connection at a time: two of them switching the file to WAL and creating the tables at once (an API query
    // arriving while the start-up catch-up creates the schema) lock each other out until one fails with "database is locked".
    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
                return;
            CreateOwnerOnly();
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var schema = Command(connection, null, """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS recordings (
                    id TEXT PRIMARY KEY,
                    call_id TEXT NOT NULL,
                    session_id TEXT,
                    sidecar_file TEXT NOT NULL UNIQUE,
                    recording_file TEXT NOT NULL,
                    transcript_file TEXT,
                    stream_files TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    ended_at INTEGER,
                    duration_seconds REAL,
                    end_reason TEXT,
                    participants TEXT NOT NULL,
                    streams TEXT NOT NULL,
                    uploaded_at INTEGER,
                    s3_key TEXT,
                    errors TEXT);
                CREATE INDEX IF NOT EXISTS recordings_call_id ON recordings (call_id);
                CREATE INDEX IF NOT EXISTS recordings_session_id ON recordings (session_id);
                CREATE INDEX IF NOT EXISTS recordings_started_at ON recordings (started_at);
                CREATE TABLE IF NOT EXISTS recording_participants (
                    recording_id TEXT NOT NULL,
                    aor TEXT NOT NULL,
                    name TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS recording_participants_id ON recording_participants (recording_id);
                """);
            await schema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <summary>
    /// Creates the database file empty and owner-only before SQLite opens it (SQLite would create it world-readable,
    /// and gives its -wal and -shm files the database's mode); an existing file is restricted too.
    /// </summary>
    private void CreateOwnerOnly()
    {
        if (Path.GetDirectoryName(FilePath) is { } folder)
            OwnerOnlyFiles.CreateFolder(folder);
        try
        {
            using (OwnerOnlyFiles.Open(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Either the file exists (restricted here) or the path is unusable, which SQLite reports as it opens.
            if (File.Exists(FilePath))
                OwnerOnlyFiles.Restrict(FilePath);
        }
    }

    /// <summary>Adds the columns later versions introduced to a database an earlier version created.</summary>
    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await AddColumnAsync(connection, "errors", "TEXT", cancellationToken).ConfigureAwait(false);
        await AddColumnAsync(connection, "held", "INTEGER NOT NULL DEFAULT 0", cancellationToken).ConfigureAwait(false);
    }

    private static async Task AddColumnAsync(SqliteConnection connection, string name, string definition, CancellationToken cancellationToken)
    {
        await using var columns = Command(connection, null, "SELECT 1 FROM pragma_table_info('recordings') WHERE name = $name");
        columns.Parameters.AddWithValue("$name", name);
        if (await columns.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            return;
        await using var add = Command(connection, null, $"ALTER TABLE recordings ADD COLUMN {name} {definition}");
        await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A command of <paramref name="sql"/> on <paramref name="connection"/>, in <paramref name="transaction"/> when given.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
