using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Siprec.Media.AtRest;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Index;

/// <summary>
/// The SQLite index of finalized recordings, the single-node default (WAL mode, one pooled connection per operation,
/// parameterized SQL only). Thread-safe. Operations throw <see cref="SqliteException"/> or <see cref="IOException"/>
/// when the database is unavailable; callers on the recording path must treat that as non-fatal.
/// </summary>
public sealed class RecordingIndex : IRecordingIndex
{
    private const string Columns =
        "id, call_id, session_id, sidecar_file, recording_file, transcript_file, stream_files, started_at, ended_at, " +
        "duration_seconds, end_reason, participants, streams, uploaded_at, s3_key, errors, held";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly RecordingIndexDatabase _database;

    /// <summary>
    /// Creates an index stored in <paramref name="databasePath"/> for recordings under <paramref name="recordingRoot"/>;
    /// rows read back carry <paramref name="nodeId"/> as their node when one is given; <paramref name="keys"/> opens
    /// sidecars encrypted at rest.
    /// </summary>
    public RecordingIndex(string databasePath, string recordingRoot, string? nodeId = null, IRecordingKeyProvider? keys = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _database = new RecordingIndexDatabase(Path.GetFullPath(databasePath));
        Folder = new RecordingFolder(recordingRoot, keys);
        NodeId = string.IsNullOrEmpty(nodeId) ? null : nodeId;
    }

    /// <inheritdoc />
    public RecordingFolder Folder { get; }

    /// <inheritdoc />
    public string? NodeId { get; }

    /// <inheritdoc />
    public string Location => _database.FilePath;

    /// <summary>The database file.</summary>
    public string DatabasePath => _database.FilePath;

    /// <summary>The absolute recording root every relative path is resolved against.</summary>
    public string RecordingRoot => Folder.FullPath;

    /// <summary>Creates the database and its tables when missing and switches it to WAL; safe to call repeatedly.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="RecordingFolder.Describe"/> on <see cref="Folder"/>.</summary>
    public IndexedRecording Describe(string sidecarPath, SessionSidecar sidecar) => Folder.Describe(sidecarPath, sidecar);

    /// <inheritdoc />
    public async Task<string> UpsertAsync(IndexedRecording recording, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = await UpsertAsync(connection, transaction, recording, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <inheritdoc />
    public async Task<string> MarkUploadedAsync(IndexedRecording recording, string s3Key, DateTimeOffset uploadedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentException.ThrowIfNullOrEmpty(s3Key);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var id = await UpsertAsync(connection, transaction, recording, cancellationToken).ConfigureAwait(false);
        await using (var update = RecordingIndexDatabase.Command(connection, transaction, "UPDATE recordings SET uploaded_at = $at, s3_key = $key WHERE id = $id"))
        {
            update.Parameters.AddWithValue("$at", uploadedAt.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$key", s3Key);
            update.Parameters.AddWithValue("$id", id);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <inheritdoc />
    public async Task<RecordingPage> QueryAsync(RecordingQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, RecordingQuery.MaxLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var where = new StringBuilder(" WHERE 1 = 1");
        var parameters = new List<SqliteParameter>();
        if (query.CallId is not null)
        {
            where.Append(" AND call_id = $call_id");
            parameters.Add(new SqliteParameter("$call_id", query.CallId));
        }

        if (query.SessionId is not null)
        {
            where.Append(" AND session_id = $session_id");
            parameters.Add(new SqliteParameter("$session_id", query.SessionId));
        }

        if (query.Participant is not null)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM recording_participants p WHERE p.recording_id = recordings.id" +
                " AND (instr(lower(p.aor), lower($participant)) > 0 OR instr(lower(p.name), lower($participant)) > 0))");
            parameters.Add(new SqliteParameter("$participant", query.Participant));
        }

        if (query.From is { } from)
        {
            where.Append(" AND started_at >= $from");
            parameters.Add(new SqliteParameter("$from", from.ToUnixTimeMilliseconds()));
        }

        if (query.To is { } to)
        {
            where.Append(" AND started_at <= $to");
            parameters.Add(new SqliteParameter("$to", to.ToUnixTimeMilliseconds()));
        }

        int total;
        await using (var count = RecordingIndexDatabase.Command(connection, null, "SELECT COUNT(*) FROM recordings" + where))
        {
            count.Parameters.AddRange(parameters.Select(Clone).ToArray());
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        await using var select = RecordingIndexDatabase.Command(connection, null, $"SELECT {Columns} FROM recordings{where} ORDER BY started_at DESC, id DESC LIMIT $limit OFFSET $offset");
        select.Parameters.AddRange(parameters.ToArray());
        select.Parameters.AddWithValue("$limit", query.Limit);
        select.Parameters.AddWithValue("$offset", query.Offset);
        return new RecordingPage(total, await ReadAllAsync(select, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<IndexedRecording?> FindAsync(string idOrCallId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idOrCallId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = RecordingIndexDatabase.Command(connection, null,
            $"SELECT {Columns} FROM recordings WHERE id = $id OR call_id = $id ORDER BY (id = $id) DESC, started_at DESC LIMIT 1");
        select.Parameters.AddWithValue("$id", idOrCallId);
        var rows = await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IndexedRecording>> PendingUploadsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = RecordingIndexDatabase.Command(connection, null,
            $"SELECT {Columns} FROM recordings WHERE ended_at IS NOT NULL AND s3_key IS NULL ORDER BY started_at LIMIT $limit");
        select.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> SetHoldAsync(string id, bool held, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var update = RecordingIndexDatabase.Command(connection, null, "UPDATE recordings SET held = $held WHERE id = $id");
        update.Parameters.AddWithValue("$held", held ? 1 : 0);
        update.Parameters.AddWithValue("$id", id);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IndexedRecording>> ExpiredAsync(DateTimeOffset endedBefore, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = RecordingIndexDatabase.Command(connection, null,
            $"SELECT {Columns} FROM recordings WHERE COALESCE(ended_at, started_at) < $before ORDER BY held, started_at, id LIMIT $limit");
        select.Parameters.AddWithValue("$before", endedBefore.ToUnixTimeMilliseconds());
        select.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(select, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var participants = RecordingIndexDatabase.Command(connection, transaction, "DELETE FROM recording_participants WHERE recording_id = $id"))
        {
            participants.Parameters.AddWithValue("$id", id);
            await participants.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int deleted;
        await using (var row = RecordingIndexDatabase.Command(connection, transaction, "DELETE FROM recordings WHERE id = $id AND held = 0"))
        {
            row.Parameters.AddWithValue("$id", id);
            deleted = await row.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (deleted == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Same as <see cref="RecordingIndexCatchUp.RebuildFromDiskAsync"/> on this index.</summary>
    public Task<(int Indexed, int Skipped)> RebuildFromDiskAsync(CancellationToken cancellationToken = default) =>
        RecordingIndexCatchUp.RebuildFromDiskAsync(this, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> IsIndexedAsync(IndexedRecording recording, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (recording.EndedAt is not { } endedAt)
            return false;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = RecordingIndexDatabase.Command(connection, null, "SELECT 1 FROM recordings WHERE sidecar_file = $file AND ended_at = $ended_at");
        select.Parameters.AddWithValue("$file", recording.SidecarFile);
        select.Parameters.AddWithValue("$ended_at", endedAt.ToUnixTimeMilliseconds());
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Same as <see cref="RecordingFolder.Resolve"/> on <see cref="Folder"/>.</summary>
    public string? Resolve(string relativePath) => Folder.Resolve(relativePath);

    // A start-of-call sidecar read by the catch-up scan may arrive after the final one: it never replaces an ended row.
    private static async Task<string> UpsertAsync(SqliteConnection connection, SqliteTransaction transaction, IndexedRecording r, CancellationToken cancellationToken)
    {
        var id = await ExistingIdAsync(connection, transaction, r.SidecarFile, cancellationToken).ConfigureAwait(false)
            ?? await FreeIdAsync(connection, transaction, r.SidecarFile, cancellationToken).ConfigureAwait(false);
        await using (var upsert = RecordingIndexDatabase.Command(connection, transaction, """
            INSERT INTO recordings (id, call_id, session_id, sidecar_file, recording_file, transcript_file, stream_files,
                started_at, ended_at, duration_seconds, end_reason, participants, streams, errors)
            VALUES ($id, $call_id, $session_id, $sidecar_file, $recording_file, $transcript_file, $stream_files,
                $started_at, $ended_at, $duration_seconds, $end_reason, $participants, $streams, $errors)
            ON CONFLICT (id) DO UPDATE SET call_id = excluded.call_id, session_id = excluded.session_id,
                recording_file = excluded.recording_file, transcript_file = excluded.transcript_file,
                stream_files = excluded.stream_files, started_at = excluded.started_at, ended_at = excluded.ended_at,
                duration_seconds = excluded.duration_seconds, end_reason = excluded.end_reason,
                participants = excluded.participants, streams = excluded.streams, errors = excluded.errors
            WHERE excluded.ended_at IS NOT NULL OR recordings.ended_at IS NULL
            """))
        {
            var p = upsert.Parameters;
            p.AddWithValue("$id", id);
            p.AddWithValue("$call_id", r.CallId);
            p.AddWithValue("$session_id", (object?)r.SessionId ?? DBNull.Value);
            p.AddWithValue("$sidecar_file", r.SidecarFile);
            p.AddWithValue("$recording_file", r.RecordingFile);
            p.AddWithValue("$transcript_file", (object?)r.TranscriptFile ?? DBNull.Value);
            p.AddWithValue("$stream_files", JsonSerializer.Serialize(r.StreamFiles, Json));
            p.AddWithValue("$started_at", r.StartedAt.ToUnixTimeMilliseconds());
            p.AddWithValue("$ended_at", r.EndedAt is { } end ? end.ToUnixTimeMilliseconds() : DBNull.Value);
            p.AddWithValue("$duration_seconds", (object?)r.DurationSeconds ?? DBNull.Value);
            p.AddWithValue("$end_reason", (object?)r.EndReason ?? DBNull.Value);
            p.AddWithValue("$participants", JsonSerializer.Serialize(r.Participants, Json));
            p.AddWithValue("$streams", JsonSerializer.Serialize(r.Streams, Json));
            p.AddWithValue("$errors", JsonSerializer.Serialize(r.Errors, Json));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var clear = RecordingIndexDatabase.Command(connection, transaction, "DELETE FROM recording_participants WHERE recording_id = $id"))
        {
            clear.Parameters.AddWithValue("$id", id);
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var participant in r.Participants)
        {
            await using var insert = RecordingIndexDatabase.Command(connection, transaction, "INSERT INTO recording_participants (recording_id, aor, name) VALUES ($id, $aor, $name)");
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$aor", participant.Aor ?? string.Empty);
            insert.Parameters.AddWithValue("$name", participant.Name ?? string.Empty);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    private static async Task<string?> ExistingIdAsync(SqliteConnection connection, SqliteTransaction transaction, string sidecarFile, CancellationToken cancellationToken)
    {
        await using var select = RecordingIndexDatabase.Command(connection, transaction, "SELECT id FROM recordings WHERE sidecar_file = $file");
        select.Parameters.AddWithValue("$file", sidecarFile);
        return await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>The first free id of <see cref="RecordingIdCandidates"/>.</summary>
    private static async Task<string> FreeIdAsync(SqliteConnection connection, SqliteTransaction transaction, string sidecarFile, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var candidate = RecordingIdCandidates.At(sidecarFile, null, attempt);
            await using var select = RecordingIndexDatabase.Command(connection, transaction, "SELECT 1 FROM recordings WHERE id = $id");
            select.Parameters.AddWithValue("$id", candidate);
            if (await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                return candidate;
        }
    }

    private static SqliteParameter Clone(SqliteParameter p) => new(p.ParameterName, p.Value);

    private async Task<List<IndexedRecording>> ReadAllAsync(SqliteCommand select, CancellationToken cancellationToken)
    {
        var rows = new List<IndexedRecording>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new IndexedRecording
            {
                Id = reader.GetString(0),
                Node = NodeId,
                CallId = reader.GetString(1),
                SessionId = reader.IsDBNull(2) ? null : reader.GetString(2),
                SidecarFile = reader.GetString(3),
                RecordingFile = reader.GetString(4),
                TranscriptFile = reader.IsDBNull(5) ? null : reader.GetString(5),
                StreamFiles = JsonSerializer.Deserialize<List<string>>(reader.GetString(6), Json) ?? [],
                StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                EndedAt = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                EndReason = reader.IsDBNull(10) ? null : reader.GetString(10),
                Participants = JsonSerializer.Deserialize<List<SidecarParticipant>>(reader.GetString(11), Json) ?? [],
                Streams = JsonSerializer.Deserialize<List<SidecarStream>>(reader.GetString(12), Json) ?? [],
                UploadedAt = reader.IsDBNull(13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                S3Key = reader.IsDBNull(14) ? null : reader.GetString(14),
                Errors = reader.IsDBNull(15) ? [] : JsonSerializer.Deserialize<List<SidecarError>>(reader.GetString(15), Json) ?? [],
                Held = reader.GetInt64(16) != 0,
            });
        }

        return rows;
    }
}
