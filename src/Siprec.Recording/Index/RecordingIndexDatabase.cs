using Microsoft.Data.Sqlite;

namespace Siprec.Recording.Index;

/// <summary>
/// The SQLite file behind <see cref="RecordingIndex"/>: its connections (pooled, WAL, synchronous NORMAL) and its
/// schema, created on the first connection. The queries stay with the index.
/// </summary>
internal sealed class RecordingIndexDatabase
{
    private readonly string _connectionString;
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
        if (!_schemaReady && Path.GetDirectoryName(FilePath) is { } folder)
            Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var durability = Command(connection, null, "PRAGMA synchronous = NORMAL"))
            {
                // In WAL mode NORMAL stays consistent after a crash and avoids an fsync per transaction.
                await durability.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!_schemaReady)
            {
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

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds the columns later versions introduced to a database an earlier version created.</summary>
    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var columns = Command(connection, null, "SELECT 1 FROM pragma_table_info('recordings') WHERE name = 'errors'");
        if (await columns.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            return;
        await using var add = Command(connection, null, "ALTER TABLE recordings ADD COLUMN errors TEXT");
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
