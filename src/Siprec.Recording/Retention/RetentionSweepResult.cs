namespace Siprec.Recording.Retention;

/// <summary>What one retention sweep did.</summary>
/// <param name="Deleted">Recordings whose files and index row were removed.</param>
/// <param name="Held">Expired recordings kept because of a legal hold.</param>
/// <param name="Failed">Expired recordings that could not be removed (kept for the next sweep).</param>
public sealed record RetentionSweepResult(int Deleted, int Held, int Failed);
