using System.Net;
using Siprec.Media.Rtcp;

namespace Siprec.Media.Engine;

/// <summary>A snapshot of one stream's reception counters.</summary>
public sealed record RtpStreamStats
{
    /// <summary>Stream index in m-line order (its WAV channel).</summary>
    public required int StreamIndex { get; init; }

    /// <summary>The SDP label.</summary>
    public required string Label { get; init; }

    /// <summary>The local RTP port.</summary>
    public required int LocalPort { get; init; }

    /// <summary>Datagrams read from the RTP port, whatever became of them.</summary>
    public long Datagrams { get; init; }

    /// <summary>Bytes of those datagrams (UDP payload).</summary>
    public long Bytes { get; init; }

    /// <summary>Packets accepted (reordered ones included; duplicates, late and rejected excluded).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Packets never received (RFC 3550 A.3).</summary>
    public long PacketsLost { get; init; }

    /// <summary>Packets dropped for arriving too late to be placed: behind what the writer had consumed, or beyond what the buffer holds ahead of a writer that was held up.</summary>
    public long PacketsLate { get; init; }

    /// <summary>Duplicate packets dropped.</summary>
    public long PacketsDuplicate { get; init; }

    /// <summary>Datagrams that were not valid RTP.</summary>
    public long PacketsMalformed { get; init; }

    /// <summary>Packets from an SSRC other than the locked one, dropped.</summary>
    public long PacketsForeignSsrc { get; init; }

    /// <summary>Packets whose payload type was not negotiated, or whose payload failed to decode.</summary>
    public long PacketsUndecodable { get; init; }

    /// <summary>Packets that failed SRTP authentication, dropped.</summary>
    public long SrtpAuthFailures { get; init; }

    /// <summary>Comfort-noise packets (recorded as silence).</summary>
    public long ComfortNoisePackets { get; init; }

    /// <summary>DTMF digits reported.</summary>
    public long DtmfEvents { get; init; }

    /// <summary>RTCP packets received.</summary>
    public long RtcpPackets { get; init; }

    /// <summary>Interarrival jitter (RFC 3550 A.8).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Times the stream's timeline mapping was re-anchored.</summary>
    public int TimelineResyncs { get; init; }

    /// <summary>Times the stream was shifted to agree with the other streams by the sender's RTCP clock.</summary>
    public int SenderClockCorrections { get; init; }

    /// <summary>Every SSRC the stream locked onto, in order.</summary>
    public IReadOnlyList<uint> SsrcsSeen { get; init; } = [];

    /// <summary>Encoding name of the last decoded payload, if any.</summary>
    public string? Codec { get; init; }

    /// <summary>The learned source address (symmetric RTP).</summary>
    public IPEndPoint? RemoteEndPoint { get; init; }

    /// <summary>Arrival of the last datagram on the RTP port.</summary>
    public DateTimeOffset? LastPacketAt { get; init; }

    /// <summary>The latest RTCP sender report of the locked SSRC (NTP↔RTP mapping), if any.</summary>
    public RtcpSenderReport? LastSenderReport { get; init; }

    /// <summary>The stream is marked inactive by the SRC.</summary>
    public bool Inactive { get; init; }
}
