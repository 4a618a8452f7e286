using Npgsql;

namespace Siprec.Recording.Index;

/// <summary>
/// The PostgreSQL schema of the shared index, as numbered migrations applied in order under a session advisory lock,
/// so nodes starting together migrate once; the version reached is kept in <c>recording_index_schema</c>.
/// </summary>
internal static class PostgresIndexSchema
{
    /// <summary>The advisory lock key of schema migration (any fixed 64-bit number no other user of the database takes).</summary>
    public const long MigrationLock = 0x5349_5052_4543_0001;

    /// <summary>The advisory lock key serialising the choice of new row ids across nodes.</summary>
    public const long IdLock = 0x5349_5052_4543_0002;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE recordings (
            id text PRIMARY KEY,
            node text NOT NULL,
            call_id text NOT NULL,
            session_id text,
            sidecar_file text NOT NULL,
            recording_file text NOT NULL,
            transcript_file text,
            stream_files jsonb NOT NULL,
            started_at timestamptz NOT NULL,
            ended_at timestamptz,
            duration_seconds double precision,
            end_reason text,
            participants jsonb NOT NULL,
            streams jsonb NOT NULL,
            errors jsonb NOT NULL,
            uploaded_at timestamptz,
            s3_key text,
            UNIQUE (node, sidecar_file));
        CREATE INDEX recordings_call_id ON recordings (call_id);
        CREATE INDEX recordings_session_id ON recordings (session_id);
        CREATE INDEX recordings_started_at ON recordings (started_at DESC, id DESC);
        CREATE INDEX recordings_pending_upload ON recordings (node, started_at) WHERE ended_at IS NOT NULL AND s3_key IS NULL;
        CREATE TABLE recording_participants (
            recording_id text NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
            aor text NOT NULL,
            name text NOT NULL);
        CREATE INDEX recording_participants_id ON recording_participants (recording_id);
        """,
        "ALTER TABLE recordings ADD COLUMN held boolean NOT NULL DEFAULT false;",
    ];

    /// <summary>The version the code expects.</summary>
    public static int Latest => Migrations.Length;

    /// <summary>Brings the database to <see cref="Latest"/>; returns the version it was at.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS recording_index_schema (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
            int from;
            await using (var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM recording_index_schema", connection))
                from = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (from > Latest)
                throw new InvalidOperationException($"the recordings index database is at schema version {from}, newer than this server's {Latest}; upgrade the server");
            for (var version = from + 1; version <= Latest; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
                await using (var mark = new NpgsqlCommand("INSERT INTO recording_index_schema (version) VALUES (@version)", connection, transaction))
                {
                    mark.Parameters.AddWithValue("version", version);
                    await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return from;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
