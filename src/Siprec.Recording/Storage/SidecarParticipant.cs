namespace Siprec.Recording.Storage;

/// <summary>A participant of the recorded call.</summary>
/// <param name="Id">Participant id from the metadata.</param>
/// <param name="Aor">Address of record (nameID aor).</param>
/// <param name="Name">Display name, when given.</param>
/// <param name="Channels">1-based WAV channels carrying what this participant sends.</param>
public sealed record SidecarParticipant(string? Id, string? Aor, string? Name, IReadOnlyList<int> Channels);
