namespace Siprec.Recording.Metadata;

/// <summary>
/// What a recording request bent of RFC 7865/7866 and was accepted anyway because strict mode is off; each one
/// seen is logged once per call. In strict mode each is refused instead.
/// </summary>
[Flags]
public enum MetadataLeniency
{
    /// <summary>Nothing was bent.</summary>
    None = 0,

    /// <summary>A stream element had an empty or missing <c>stream_id</c> and is known by its label alone.</summary>
    StreamWithoutId = 1,

    /// <summary>A participant element had an empty or missing <c>participant_id</c>; an id was made from its address.</summary>
    ParticipantWithoutId = 2,

    /// <summary>A participant stood in for one not known yet (an address in the reserved <c>invalid</c> domain).</summary>
    PlaceholderParticipant = 4,

    /// <summary>The metadata names streams the SDP lacks, or the SDP has labelled m-lines the metadata does not name.</summary>
    StreamsDisagreeWithSdp = 8,
}
