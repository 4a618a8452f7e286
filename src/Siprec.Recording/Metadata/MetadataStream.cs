namespace Siprec.Recording.Metadata;

/// <summary>A media stream of the recording session (RFC 7865 §6.6), tied to an SDP m-line by its label.</summary>
/// <param name="Id">The stream id as sent.</param>
/// <param name="SessionId">The communication session the stream belongs to, if sent.</param>
/// <param name="Label">The SDP <c>a=label</c> value of the m-line carrying the stream, if sent.</param>
public sealed record MetadataStream(string Id, string? SessionId, string? Label);
