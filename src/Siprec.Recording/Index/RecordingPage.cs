namespace Siprec.Recording.Index;

/// <summary>One page of a listing, newest first.</summary>
/// <param name="Total">How many recordings match the filters in all.</param>
/// <param name="Items">The recordings of this page.</param>
public sealed record RecordingPage(int Total, IReadOnlyList<IndexedRecording> Items);
