namespace Siprec.Recording.Metadata;

/// <summary>A participant of the recorded call (RFC 7865 §6.5), with the streams it sends and receives when the document says so.</summary>
/// <param name="Id">The participant id as sent.</param>
/// <param name="Aor">The address of record from <c>nameID</c> (its <c>aor</c> attribute or an <c>aor</c> child), if sent.</param>
/// <param name="Name">The display name, if sent.</param>
/// <param name="NameLanguage">The <c>xml:lang</c> of the display name, if sent.</param>
/// <param name="Send">Ids of the streams this participant sends, from the participant element itself (older drafts).</param>
/// <param name="Recv">Ids of the streams this participant receives, from the participant element itself (older drafts).</param>
public sealed record MetadataParticipant(
    string Id,
    string? Aor,
    string? Name,
    string? NameLanguage,
    IReadOnlyList<string> Send,
    IReadOnlyList<string> Recv)
{
    /// <summary>
    /// True for a stand-in some SRCs send before they know who is on the call: an address in the reserved
    /// <c>invalid</c> domain (RFC 6761), such as <c>sip:unknown@invalid</c>. The RFC 3323 anonymous caller
    /// (<c>anonymous.invalid</c>) is a real participant and is not one.
    /// </summary>
    public bool IsPlaceholder => Aor is { } aor && aor.EndsWith("@invalid", StringComparison.OrdinalIgnoreCase);
}
