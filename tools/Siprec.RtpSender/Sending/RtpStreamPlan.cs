using System.Net;
using Siprec.Media.Srtp;

namespace Siprec.RtpSender.Sending;

/// <summary>What one RTP stream sends: 8 kHz mono audio to one destination (resampled for wideband codecs), and the impairments to apply.</summary>
public sealed record RtpStreamPlan(IPEndPoint Destination, short[] Samples)
{
    /// <summary>Wire encoding of the audio.</summary>
    public RtpPayloadCodec Codec { get; init; } = RtpPayloadCodec.Pcmu;

    /// <summary>SDES key (an <c>a=crypto</c> value) the stream is protected with as SRTP; null sends plain RTP.</summary>
    public SdesCryptoAttribute? Srtp { get; init; }

    /// <summary>Payload type of the audio; null means the codec's static (or customary dynamic) one.</summary>
    public int? PayloadType { get; init; }

    /// <summary>Payload type of telephone-events.</summary>
    public int TelephoneEventPayloadType { get; init; } = 101;

    /// <summary>Initial SSRC; null draws one from the plan's seeded random source.</summary>
    public uint? Ssrc { get; init; }

    /// <summary>Delay before the stream's first packet, relative to the plan start.</summary>
    public TimeSpan LateStart { get; init; }

    /// <summary>Percentage (0-100) of audio packets dropped, decided by the seeded random source.</summary>
    public double LossPercent { get; init; }

    /// <summary>Percentage (0-100) of audio packets held back and sent after their successor.</summary>
    public double ReorderPercent { get; init; }

    /// <summary>Percentage (0-100) of audio packets sent twice.</summary>
    public double DuplicatePercent { get; init; }

    /// <summary>Sets the marker bit on the first packet (and the first after an SSRC change).</summary>
    public bool MarkFirstPacket { get; init; } = true;

    /// <summary>Optional SSRC change during the stream.</summary>
    public SsrcChange? SsrcChange { get; init; }

    /// <summary>Telephone-events to send, in time order.</summary>
    public IReadOnlyList<DtmfEvent> DtmfEvents { get; init; } = [];

    /// <summary>Stops this stream after this long of its own sending, even if audio remains.</summary>
    public TimeSpan? StopAfter { get; init; }
}
