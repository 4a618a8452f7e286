namespace Siprec.Recording.Metadata;

/// <summary>One parsed RFC 7865 metadata document; a <see cref="MetadataDataMode.Partial"/> one is merged with <see cref="RecordingMetadataSnapshot.Merge"/>.</summary>
/// <param name="DataMode">Whether the document is complete or a partial update.</param>
/// <param name="Groups">Communication session groups, in document order.</param>
/// <param name="Sessions">Communication sessions, in document order.</param>
/// <param name="Participants">Participants, in document order.</param>
/// <param name="Streams">Media streams, in document order.</param>
/// <param name="StreamAssociations">Participant-stream associations, in document order.</param>
public sealed record RecordingMetadata(
    MetadataDataMode DataMode,
    IReadOnlyList<MetadataGroup> Groups,
    IReadOnlyList<MetadataSession> Sessions,
    IReadOnlyList<MetadataParticipant> Participants,
    IReadOnlyList<MetadataStream> Streams,
    IReadOnlyList<ParticipantStreamAssociation> StreamAssociations)
{
    /// <summary>What the document bent of RFC 7865 and was read anyway (only in lenient parsing).</summary>
    public MetadataLeniency Leniencies { get; init; }
}
