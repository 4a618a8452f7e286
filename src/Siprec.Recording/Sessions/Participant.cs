namespace Siprec.Recording.Sessions;

/// <summary>A participant of the recorded call, as described by RFC 7865 metadata.</summary>
/// <param name="Aor">Address of record, for example <c>sip:alice@example.com</c>.</param>
/// <param name="Name">Display name, if known.</param>
/// <param name="StreamLabels">SDP labels of the streams this participant sends.</param>
public sealed record Participant(string Aor, string? Name, IReadOnlyList<string> StreamLabels);
