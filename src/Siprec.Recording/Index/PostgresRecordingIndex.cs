using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Siprec.Media.AtRest;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Index;

/// <summary>
/// The recordings index of a cluster, shared in PostgreSQL: every node writes its own rows (stamped with its node id,
/// keyed by node and sidecar file) and lists everyone's. Thread-safe; pooled connections, parameterized SQL only.
/// Operations throw <see cref="NpgsqlException"/> (or a <see cref="TimeoutException"/>) when the database is unavailable.
/// </summary>
public sealed class PostgresRecordingIndex : IRecordingIndex, IAsyncDisposable
{
    private const string Columns =
        "id, node, call_id, session_id, sidecar_file, recording_file, transcript_file, stream_files, started_at, ended_at, " +
        "end_reason, participants, streams, errors, uploaded_at, s3_key, held";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _node;
    private volatile bool _schemaReady;

    /// <summary>
    /// Creates the index of node <paramref name="nodeId"/> in the database <paramref name="address"/> (see
    /// <see cref="PostgresIndexAddress"/>), for recordings under <paramref name="recordingRoot"/>.
    /// </summary>
    public PostgresRecordingIndex(string address, string nodeId, string recordingRoot, IRecordingKeyProvider? keys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        var builder = PostgresIndexAddress.Parse(address);
        if (builder.Timeout == 15)
            builder.Timeout = 5; // a dead database must fail an API request or a write fast, not hold it for Npgsql's default 15 s
        Location = PostgresIndexAddress.Redacted(builder);
        _dataSource = NpgsqlDataSource.Create(builder);
        _node = nodeId;
        Folder = new RecordingFolder(recordingRoot, keys);
    }

    /// <inheritdoc />
    public RecordingFolder Folder { get; }

    /// <inheritdoc />
    public string? NodeId => _node;

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_schemaReady)
            return;
        await PostgresIndexSchema.MigrateAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        _schemaReady = true;
    }

    /// <inheritdoc />
    public async Task<string> UpsertAsync(IndexedRecording recording, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        return await WriteAsync(recording, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string> MarkUploadedAsync(IndexedRecording recording, string s3Key, DateTimeOffset uploadedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentException.ThrowIfNullOrEmpty(s3Key);
        return await WriteAsync(recording, (s3Key, uploadedAt), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a row exactly as <paramref name="recording"/> gives it, for <paramref name="node"/>, keeping its id when
    /// free (an import from a node's SQLite index); returns the id it got. Importing the same row again changes nothing.
    /// </summary>
    public async Task<string> ImportAsync(IndexedRecording recording, string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        var upload = recording.S3Key is { } key && recording.UploadedAt is { } at ? (key, at) : ((string, DateTimeOffset)?)null;
        return await WriteAsync(recording, upload, cancellationToken, node, recording.Id).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> IsIndexedAsync(IndexedRecording recording, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (recording.EndedAt is not { } endedAt)
            return false;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand("SELECT 1 FROM recordings WHERE node = @node AND sidecar_file = @file AND ended_at = @ended_at", connection);
        select.Parameters.AddWithValue("node", _node);
        select.Parameters.AddWithValue("file", recording.SidecarFile);
        select.Parameters.AddWithValue("ended_at", endedAt.ToUniversalTime());
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public async Task<RecordingPage> QueryAsync(RecordingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, RecordingQuery.MaxLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        var where = new StringBuilder(" WHERE true");
        var parameters = new List<NpgsqlParameter>();
        if (query.CallId is not null)
        {
            where.Append(" AND call_id = @call_id");
            parameters.Add(new NpgsqlParameter("call_id", query.CallId));
        }

        if (query.SessionId is not null)
        {
            where.Append(" AND session_id = @session_id");
            parameters.Add(new NpgsqlParameter("session_id", query.SessionId));
        }

        if (query.Participant is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM recording_participants p WHERE p.recording_id = recordings.id" +
                " AND (strpos(lower(p.aor), lower(@participant)) > 0 OR strpos(lower(p.name), lower(@participant)) > 0))");
            parameters.Add(new NpgsqlParameter("participant", query.Participant));
        }

        if (query.From is { } from)
        {
            where.Append(" AND started_at >= @from");
            parameters.Add(new NpgsqlParameter("from", from.ToUniversalTime()));
        }

        if (query.To is { } to)
        {
            where.Append(" AND started_at <= @to");
            parameters.Add(new NpgsqlParameter("to", to.ToUniversalTime()));
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        int total;
        await using (var count = new NpgsqlCommand("SELECT COUNT(*) FROM recordings" + where, connection))
        {
            count.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            total = (int)(long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM recordings{where} ORDER BY started_at DESC, id DESC LIMIT @limit OFFSET @offset", connection);
        select.Parameters.AddRange(parameters.ToArray());
        select.Parameters.AddWithValue("limit", query.Limit);
        select.Parameters.AddWithValue("offset", query.Offset);
        return new RecordingPage(total, await ReadAllAsync(select, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<IndexedRecording?> FindAsync(string idOrCallId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrCallId);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT {Columns} FROM recordings WHERE id = @id OR call_id = @id ORDER BY (id = @id) DESC, started_at DESC LIMIT 1", connection);
        select.Parameters.AddWithValue("id", idOrCallId);
        var rows = await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IndexedRecording>> PendingUploadsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT {Columns} FROM recordings WHERE node = @node AND ended_at IS NOT NULL AND s3_key IS NULL ORDER BY started_at LIMIT @limit", connection);
        select.Parameters.AddWithValue("node", _node);
        select.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    // A start-of-call sidecar read by the catch-up scan may arrive after the final one: it never replaces an ended row.
    private async Task<string> WriteAsync(IndexedRecording r, (string Key, DateTimeOffset At)? upload, CancellationToken cancellationToken, string? node = null, string? preferredId = null)
    {
        node ??= _node;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var existing = new NpgsqlCommand("SELECT id FROM recordings WHERE node = @node AND sidecar_file = @file", connection, transaction))
        {
            existing.Parameters.AddWithValue("node", node);
            existing.Parameters.AddWithValue("file", r.SidecarFile);
            preferredId = await existing.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? preferredId;
        }

        var id = await ClaimIdAsync(connection, transaction, r.SidecarFile, node, preferredId, cancellationToken).ConfigureAwait(false);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO recordings (id, node, call_id, session_id, sidecar_file, recording_file, transcript_file, stream_files,
                started_at, ended_at, duration_seconds, end_reason, participants, streams, errors, uploaded_at, s3_key)
            VALUES (@id, @node, @call_id, @session_id, @sidecar_file, @recording_file, @transcript_file, @stream_files,
                @started_at, @ended_at, @duration_seconds, @end_reason, @participants, @streams, @errors, @uploaded_at, @s3_key)
            ON CONFLICT (id) DO UPDATE SET call_id = excluded.call_id, session_id = excluded.session_id,
                recording_file = excluded.recording_file, transcript_file = excluded.transcript_file,
                stream_files = excluded.stream_files, started_at = excluded.started_at, ended_at = excluded.ended_at,
                duration_seconds = excluded.duration_seconds, end_reason = excluded.end_reason,
                participants = excluded.participants, streams = excluded.streams, errors = excluded.errors,
                uploaded_at = COALESCE(excluded.uploaded_at, recordings.uploaded_at), s3_key = COALESCE(excluded.s3_key, recordings.s3_key)
            WHERE excluded.ended_at IS NOT NULL OR recordings.ended_at IS NULL OR excluded.s3_key IS NOT NULL
            """, connection, transaction))
        {
            var p = upsert.Parameters;
            p.AddWithValue("id", id);
            p.AddWithValue("node", node);
            p.AddWithValue("call_id", r.CallId);
            p.AddWithValue("session_id", (object?)r.SessionId ?? DBNull.Value);
            p.AddWithValue("sidecar_file", r.SidecarFile);
            p.AddWithValue("recording_file", r.RecordingFile);
            p.AddWithValue("transcript_file", (object?)r.TranscriptFile ?? DBNull.Value);
            p.AddWithValue("stream_files", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(r.StreamFiles, Json));
            p.AddWithValue("started_at", r.StartedAt.ToUniversalTime());
            p.AddWithValue("ended_at", NpgsqlDbType.TimestampTz, (object?)r.EndedAt?.ToUniversalTime() ?? DBNull.Value);
            p.AddWithValue("duration_seconds", NpgsqlDbType.Double, (object?)r.DurationSeconds ?? DBNull.Value);
            p.AddWithValue("end_reason", NpgsqlDbType.Text, (object?)r.EndReason ?? DBNull.Value);
            p.AddWithValue("participants", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(r.Participants, Json));
            p.AddWithValue("streams", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(r.Streams, Json));
            p.AddWithValue("errors", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(r.Errors, Json));
            p.AddWithValue("uploaded_at", NpgsqlDbType.TimestampTz, (object?)upload?.At.ToUniversalTime() ?? DBNull.Value);
            p.AddWithValue("s3_key", NpgsqlDbType.Text, (object?)upload?.Key ?? DBNull.Value);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var clear = new NpgsqlCommand("DELETE FROM recording_participants WHERE recording_id = @id", connection, transaction))
        {
            clear.Parameters.AddWithValue("id", id);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var participant in r.Participants)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO recording_participants (recording_id, aor, name) VALUES (@id, @aor, @name)", connection, transaction);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("aor", participant.Aor ?? string.Empty);
            insert.Parameters.AddWithValue("name", participant.Name ?? string.Empty);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>
    /// <paramref name="preferredId"/> when this row already holds it or it is free, else the first free candidate; the
    /// transaction-scoped advisory lock keeps two nodes from taking the same new id at once.
    /// </summary>
    private static async Task<string> ClaimIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sidecarFile, string node, string? preferredId, CancellationToken cancellationToken)
    {
        await using (var lockIds = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresIndexSchema.IdLock})", connection, transaction))
            await lockIds.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = -1; ; attempt++)
        {
            var candidate = attempt < 0 ? preferredId : RecordingIdCandidates.At(sidecarFile, node, attempt);
            if (string.IsNullOrEmpty(candidate))
                continue;
            await using var select = new NpgsqlCommand("SELECT node, sidecar_file FROM recordings WHERE id = @id", connection, transaction);
            select.Parameters.AddWithValue("id", candidate);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                || (reader.GetString(0) == node && reader.GetString(1) == sidecarFile))
                return candidate;
        }
    }

    /// <inheritdoc />
    public async Task<bool> SetHoldAsync(string id, bool held, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = new NpgsqlCommand("UPDATE recordings SET held = @held WHERE id = @id", connection);
        update.Parameters.AddWithValue("held", held);
        update.Parameters.AddWithValue("id", id);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    /// <remarks>Only this node's rows: each node sweeps the files on its own disk.</remarks>
    public async Task<IReadOnlyList<IndexedRecording>> ExpiredAsync(DateTimeOffset endedBefore, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            $"SELECT {Columns} FROM recordings WHERE node = @node AND COALESCE(ended_at, started_at) < @before ORDER BY held, started_at, id LIMIT @limit", connection);
        select.Parameters.AddWithValue("node", _node);
        select.Parameters.AddWithValue("before", endedBefore);
        select.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = new NpgsqlCommand("DELETE FROM recordings WHERE id = @id AND NOT held", connection);
        delete.Parameters.AddWithValue("id", id);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public string? Resolve(string relativePath) => Folder.Resolve(relativePath);

    private static async Task<List<IndexedRecording>> ReadAllAsync(NpgsqlCommand select, CancellationToken cancellationToken)
    {
        var rows = new List<IndexedRecording>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new IndexedRecording
            {
                Id = reader.GetString(0),
                Node = reader.GetString(1),
                CallId = reader.GetString(2),
                SessionId = reader.IsDBNull(3) ? null : reader.GetString(3),
                SidecarFile = reader.GetString(4),
                RecordingFile = reader.GetString(5),
                TranscriptFile = reader.IsDBNull(6) ? null : reader.GetString(6),
                StreamFiles = JsonSerializer.Deserialize<List<string>>(reader.GetString(7), Json) ?? [],
                StartedAt = reader.GetFieldValue<DateTimeOffset>(8),
                EndedAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                EndReason = reader.IsDBNull(10) ? null : reader.GetString(10),
                Participants = JsonSerializer.Deserialize<List<SidecarParticipant>>(reader.GetString(11), Json) ?? [],
                Streams = JsonSerializer.Deserialize<List<SidecarStream>>(reader.GetString(12), Json) ?? [],
                Errors = JsonSerializer.Deserialize<List<SidecarError>>(reader.GetString(13), Json) ?? [],
                UploadedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
                S3Key = reader.IsDBNull(15) ? null : reader.GetString(15),
                Held = reader.GetBoolean(16),
            });
        }

        return rows;
    }
}
