namespace Siprec.Recording.Metadata;

/// <summary>Which streams a participant sends and receives (RFC 7865 §6.9), and when that association ended.</summary>
/// <param name="ParticipantId">The participant the association is about.</param>
/// <param name="Send">Ids of the streams the participant sends.</param>
/// <param name="Recv">Ids of the streams the participant receives.</param>
/// <param name="AssociateTime">When the association began, if sent.</param>
/// <param name="DisassociateTime">When the association ended, if sent; the participant no longer sends or receives these streams.</param>
public sealed record ParticipantStreamAssociation(
    string ParticipantId,
    IReadOnlyList<string> Send,
    IReadOnlyList<string> Recv,
    DateTimeOffset? AssociateTime,
    DateTimeOffset? DisassociateTime);
