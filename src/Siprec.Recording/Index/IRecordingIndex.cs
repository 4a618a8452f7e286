namespace Siprec.Recording.Index;

/// <summary>
/// The index of finalized recordings the API lists and serves from: SQLite on a single node, PostgreSQL shared by a
/// cluster. Thread-safe. Operations throw <see cref="System.Data.Common.DbException"/> or <see cref="IOException"/>
/// when the store is unavailable; callers on the recording path must treat that as non-fatal.
/// </summary>
public interface IRecordingIndex : IRecordingRetentionStore
{
    /// <summary>The recording folder of this node, which every file path in a row of this node is relative to.</summary>
    RecordingFolder Folder { get; }

    /// <summary>This node's id, stamped on the rows it writes; null on a single node.</summary>
    string? NodeId { get; }

    /// <summary>Where the index lives, safe to log (a file path, or a database address without its password).</summary>
    string Location { get; }

    /// <summary>Creates or migrates the schema when needed; safe to call repeatedly and from several nodes at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or refreshes the row of <paramref name="recording"/> (keyed by this node and its sidecar file) and returns
    /// its id. Upload state already recorded is kept; an ended row is never replaced by a live one.
    /// </summary>
    Task<string> UpsertAsync(IndexedRecording recording, CancellationToken cancellationToken = default);

    /// <summary>Adds or refreshes the row of <paramref name="recording"/> and records its confirmed upload.</summary>
    Task<string> MarkUploadedAsync(IndexedRecording recording, string s3Key, DateTimeOffset uploadedAt, CancellationToken cancellationToken = default);

    /// <summary>True when the row of <paramref name="recording"/> is already stored as ended at the same instant.</summary>
    Task<bool> IsIndexedAsync(IndexedRecording recording, CancellationToken cancellationToken = default);

    /// <summary>One page of recordings (of every node) matching <paramref name="query"/>, newest start first.</summary>
    Task<RecordingPage> QueryAsync(RecordingQuery query, CancellationToken cancellationToken = default);

    /// <summary>The recording with index id <paramref name="idOrCallId"/>, else the newest with that Call-ID; null when none.</summary>
    Task<IndexedRecording?> FindAsync(string idOrCallId, CancellationToken cancellationToken = default);

    /// <summary>This node's ended recordings whose upload was never confirmed, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<IndexedRecording>> PendingUploadsAsync(int limit, CancellationToken cancellationToken = default);
}
