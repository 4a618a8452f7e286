namespace Siprec.Recording.Metadata;

/// <summary>
/// The current, merged view of a recording session's metadata. Immutable: <see cref="Merge"/> returns a new snapshot,
/// so a session can publish it to readers on other threads by swapping one reference.
/// </summary>
public sealed class RecordingMetadataSnapshot
{
    private RecordingMetadataSnapshot(RecordingMetadata current) => Current = current;

    /// <summary>A snapshot that knows nothing yet.</summary>
    public static RecordingMetadataSnapshot Empty { get; } = new(new RecordingMetadata(MetadataDataMode.Complete, [], [], [], [], []));

    /// <summary>The merged state, always with <see cref="MetadataDataMode.Complete"/>.</summary>
    public RecordingMetadata Current { get; }

    /// <summary>Starts a snapshot from a document (a partial one is merged into an empty state).</summary>
    public static RecordingMetadataSnapshot From(RecordingMetadata document) => Empty.Merge(document);

    /// <summary>
    /// Applies a document: a complete one replaces the state; a partial one adds new elements and, for known ids,
    /// overrides the fields it carries (send/recv lists are replaced when sent, disassociate and stop times are recorded).
    /// A stream whose id is new but whose label is known replaces the stream with that label, since the label names the m-line.
    /// </summary>
    public RecordingMetadataSnapshot Merge(RecordingMetadata update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.DataMode == MetadataDataMode.Complete)
            return new RecordingMetadataSnapshot(update);

        var old = Current;
        return new RecordingMetadataSnapshot(new RecordingMetadata(
            MetadataDataMode.Complete,
            MergeById(old.Groups, update.Groups, g => g.Id, MergeGroup),
            MergeById(old.Sessions, update.Sessions, s => s.Id, MergeSession),
            MergeById(old.Participants, update.Participants, p => p.Id, MergeParticipant),
            MergeStreams(old.Streams, update.Streams),
            MergeById(old.StreamAssociations, update.StreamAssociations, a => a.ParticipantId, MergeAssociation)));
    }

    /// <summary>The stream whose SDP label is <paramref name="label"/>, or null.</summary>
    public MetadataStream? FindStreamByLabel(string label) =>
        Current.Streams.FirstOrDefault(s => string.Equals(s.Label, label, StringComparison.Ordinal));

    /// <summary>
    /// True when the metadata names streams whose labels no m-line carries, or an m-line's label is named by no stream;
    /// false without labelled metadata streams, which leaves nothing to compare.
    /// </summary>
    public bool DisagreesWithLabels(IEnumerable<string?> mLineLabels)
    {
        ArgumentNullException.ThrowIfNull(mLineLabels);
        var named = Current.Streams.Select(s => s.Label).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return named.Count != 0 && !named.SetEquals(mLineLabels.OfType<string>());
    }

    /// <summary>The participant with id <paramref name="participantId"/>, or null.</summary>
    public MetadataParticipant? FindParticipant(string participantId) =>
        Current.Participants.FirstOrDefault(p => string.Equals(p.Id, participantId, StringComparison.Ordinal));

    /// <summary>
    /// Participants currently sending the stream <paramref name="streamId"/>, from active participant-stream associations
    /// and from send lists inside participant elements; in document order, without duplicates.
    /// </summary>
    public IReadOnlyList<MetadataParticipant> SendersOf(string streamId)
    {
        var ids = new List<string>();
        foreach (var association in Current.StreamAssociations)
        {
            if (association.DisassociateTime is null && association.Send.Contains(streamId, StringComparer.Ordinal))
                ids.Add(association.ParticipantId);
        }

        foreach (var participant in Current.Participants)
        {
            if (participant.Send.Contains(streamId, StringComparer.Ordinal))
                ids.Add(participant.Id);
        }

        return ids.Distinct(StringComparer.Ordinal)
            .Select(FindParticipant)
            .OfType<MetadataParticipant>()
            .ToList();
    }

    private static List<T> MergeById<T>(IReadOnlyList<T> existing, IReadOnlyList<T> updates, Func<T, string> key, Func<T, T, T> combine) =>
        Merge(existing, updates, (e, u) => string.Equals(key(e), key(u), StringComparison.Ordinal), combine);

    private static List<MetadataStream> MergeStreams(IReadOnlyList<MetadataStream> existing, IReadOnlyList<MetadataStream> updates) =>
        Merge(existing, updates, (e, u) => string.Equals(e.Id, u.Id, StringComparison.Ordinal), MergeStream,
            (e, u) => u.Label is not null && string.Equals(e.Label, u.Label, StringComparison.Ordinal));

    private static List<T> Merge<T>(IReadOnlyList<T> existing, IReadOnlyList<T> updates, Func<T, T, bool> same, Func<T, T, T> combine, Func<T, T, bool>? sameOtherwise = null)
    {
        var result = new List<T>(existing);
        foreach (var update in updates)
        {
            var index = result.FindIndex(e => same(e, update));
            if (index < 0 && sameOtherwise is not null)
                index = result.FindIndex(e => sameOtherwise(e, update));
            if (index < 0)
                result.Add(update);
            else
                result[index] = combine(result[index], update);
        }

        return result;
    }

    private static MetadataGroup MergeGroup(MetadataGroup old, MetadataGroup update) =>
        old with
        {
            AssociateTime = update.AssociateTime ?? old.AssociateTime,
            DisassociateTime = update.DisassociateTime ?? old.DisassociateTime,
        };

    private static MetadataSession MergeSession(MetadataSession old, MetadataSession update) =>
        old with
        {
            GroupId = update.GroupId ?? old.GroupId,
            SipSessionIds = old.SipSessionIds.Concat(update.SipSessionIds).Distinct(StringComparer.Ordinal).ToList(),
            StartTime = update.StartTime ?? old.StartTime,
            StopTime = update.StopTime ?? old.StopTime,
        };

    private static MetadataParticipant MergeParticipant(MetadataParticipant old, MetadataParticipant update) =>
        old with
        {
            Aor = update.Aor ?? old.Aor,
            Name = update.Name ?? old.Name,
            NameLanguage = update.Name is null ? old.NameLanguage : update.NameLanguage,
            Send = update.Send.Count != 0 || update.Recv.Count != 0 ? update.Send : old.Send,
            Recv = update.Send.Count != 0 || update.Recv.Count != 0 ? update.Recv : old.Recv,
        };

    // The update's id wins: a stream first known by its label alone takes the id the SRC sends later.
    private static MetadataStream MergeStream(MetadataStream old, MetadataStream update) =>
        update with
        {
            SessionId = update.SessionId ?? old.SessionId,
            Label = update.Label ?? old.Label,
        };

    // New send/recv lists without a disassociate time re-associate the participant.
    private static ParticipantStreamAssociation MergeAssociation(ParticipantStreamAssociation old, ParticipantStreamAssociation update)
    {
        var hasLists = update.Send.Count != 0 || update.Recv.Count != 0;
        return old with
        {
            Send = hasLists ? update.Send : old.Send,
            Recv = hasLists ? update.Recv : old.Recv,
            AssociateTime = update.AssociateTime ?? old.AssociateTime,
            DisassociateTime = update.DisassociateTime ?? (hasLists ? null : old.DisassociateTime),
        };
    }
}
