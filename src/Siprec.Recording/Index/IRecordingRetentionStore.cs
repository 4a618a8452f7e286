namespace Siprec.Recording.Index;

/// <summary>
/// The index operations behind retention and legal hold; every recordings index implements them, so the sweep and the
/// hold endpoints work the same whichever database holds the rows.
/// </summary>
public interface IRecordingRetentionStore
{
    /// <summary>Places (<paramref name="held"/> true) or lifts a legal hold on recording <paramref name="id"/>; false when no such recording.</summary>
    Task<bool> SetHoldAsync(string id, bool held, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recordings that ended (or, never ended, started) before <paramref name="endedBefore"/>, held ones included so
    /// the sweep can account for them; unheld first, then oldest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<IndexedRecording>> ExpiredAsync(DateTimeOffset endedBefore, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes the row of recording <paramref name="id"/> unless it is held; true when a row was removed.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The absolute path of a file path the index holds; null when it would leave the recording root.</summary>
    string? Resolve(string relativePath);
}
