namespace Siprec.Recording.Metadata;

/// <summary>A communication session group (RFC 7865 §6.2).</summary>
/// <param name="Id">The group id as sent (often base64).</param>
/// <param name="AssociateTime">When the group was associated with the recording session, if sent.</param>
/// <param name="DisassociateTime">When the group was disassociated, if sent.</param>
public sealed record MetadataGroup(string Id, DateTimeOffset? AssociateTime, DateTimeOffset? DisassociateTime);
