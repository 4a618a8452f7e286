using System.Net;

namespace Siprec.RtpSender.Sending;

/// <summary>Where and how to send one audio stream, as an SDP answer asks: address and port, the chosen codec and its payload types.</summary>
public sealed record SdpAnswerTarget(IPEndPoint Destination, string? Label, RtpPayloadCodec Codec, int PayloadType, int? TelephoneEventPayloadType);
