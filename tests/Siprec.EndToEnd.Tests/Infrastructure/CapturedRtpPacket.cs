using System.Buffers.Binary;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>One datagram received by a <see cref="UdpCapture"/>, with its RTP header fields decoded.</summary>
public sealed record CapturedRtpPacket(byte[] Datagram)
{
    /// <summary>Marker bit.</summary>
    public bool Marker => (Datagram[1] & 0x80) != 0;

    /// <summary>Payload type.</summary>
    public int PayloadType => Datagram[1] & 0x7F;

    /// <summary>Sequence number.</summary>
    public ushort Sequence => BinaryPrimitives.ReadUInt16BigEndian(Datagram.AsSpan(2));

    /// <summary>RTP timestamp.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(Datagram.AsSpan(4));

    /// <summary>Synchronization source.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(Datagram.AsSpan(8));

    /// <summary>Payload after the fixed 12-byte header.</summary>
    public ReadOnlySpan<byte> Payload => Datagram.AsSpan(12);
}
