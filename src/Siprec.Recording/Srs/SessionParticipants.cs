using Siprec.Recording.Metadata;
using Siprec.Recording.Sessions;

namespace Siprec.Recording.Srs;

/// <summary>Who speaks on which stream: RFC 7865 participants joined to SDP labels, or the labels alone without metadata.</summary>
internal static class SessionParticipants
{
    /// <summary>
    /// The participants with the labels of the streams each sends. Placeholders say nobody is known yet: without
    /// metadata (plain SDP) or with placeholders only, every label is its own participant, named after the label.
    /// </summary>
    public static IReadOnlyList<Participant> From(RecordingMetadataSnapshot metadata, IReadOnlyList<string?> labels)
    {
        var known = metadata.Current.Participants.Where(p => !p.IsPlaceholder).ToList();
        if (known.Count == 0)
        {
            return labels.OfType<string>().Select(label => new Participant("label:" + label, null, [label])).ToList();
        }

        return known
            .Select(p => new Participant(p.Aor ?? p.Id, p.Name, LabelsSentBy(metadata, p.Id)))
            .ToList();
    }

    /// <summary>The RFC 7865 id of the recorded communication session, used as an alias of the Call-ID.</summary>
    public static string? SessionIdOf(RecordingMetadataSnapshot metadata) =>
        metadata.Current.Sessions.Count > 0 ? metadata.Current.Sessions[0].Id : null;

    private static List<string> LabelsSentBy(RecordingMetadataSnapshot metadata, string participantId) =>
        metadata.Current.Streams
            .Where(s => s.Label is not null && metadata.SendersOf(s.Id).Any(p => string.Equals(p.Id, participantId, StringComparison.Ordinal)))
            .Select(s => s.Label!)
            .ToList();
}
