namespace Siprec.Recording.Storage;

/// <summary>One recorded stream and its reception statistics.</summary>
public sealed record SidecarStream
{
    /// <summary>1-based WAV channel.</summary>
    public required int Channel { get; init; }

    /// <summary>The SDP a=label of the stream.</summary>
    public string? Label { get; init; }

    /// <summary>Negotiated codec, e.g. PCMU/8000.</summary>
    public string? Codec { get; init; }

    /// <summary>Whether the stream was received over SRTP.</summary>
    public bool Srtp { get; init; }

    /// <summary>Every SSRC seen on the stream.</summary>
    public IReadOnlyList<uint> Ssrcs { get; init; } = [];

    /// <summary>Packets accepted.</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Packets never received (sequence gaps).</summary>
    public long PacketsLost { get; init; }

    /// <summary>Packets that arrived too late to be placed.</summary>
    public long PacketsLate { get; init; }

    /// <summary>Duplicate packets dropped.</summary>
    public long PacketsDuplicate { get; init; }

    /// <summary>Interarrival jitter (RFC 3550) in milliseconds.</summary>
    public double JitterMs { get; init; }
}
