using System.Buffers.Binary;

namespace Siprec.Media.Rtp;

/// <summary>A parsed RTP packet (RFC 3550 §5.1) whose payload is a slice of the receive buffer.</summary>
public readonly ref struct RtpPacket
{
    private const int FixedHeaderLength = 12;

    private RtpPacket(bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, ReadOnlySpan<byte> payload)
    {
        Marker = marker;
        PayloadType = payloadType;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        Payload = payload;
    }

    /// <summary>The marker bit.</summary>
    public bool Marker { get; }

    /// <summary>The 7-bit payload type.</summary>
    public byte PayloadType { get; }

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>The 32-bit media timestamp.</summary>
    public uint Timestamp { get; }

    /// <summary>The synchronization source.</summary>
    public uint Ssrc { get; }

    /// <summary>The payload with CSRCs, header extension and padding removed.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Parses <paramref name="datagram"/>; never throws, returns the first defect found.</summary>
    public static RtpParseError TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (datagram.Length < FixedHeaderLength)
            return RtpParseError.TooShort;

        byte first = datagram[0];
        if (first >> 6 != 2)
            return RtpParseError.BadVersion;

        int offset = FixedHeaderLength + ((first & 0x0F) * 4);
        if (offset > datagram.Length)
            return RtpParseError.CsrcOverrun;

        if ((first & 0x10) != 0)
        {
            if (offset + 4 > datagram.Length)
                return RtpParseError.ExtensionOverrun;
            int extensionWords = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset + 2, 2));
            offset += 4 + (extensionWords * 4);
            if (offset > datagram.Length)
                return RtpParseError.ExtensionOverrun;
        }

        int end = datagram.Length;
        if ((first & 0x20) != 0)
        {
            int padding = datagram[end - 1];
            if (padding == 0 || padding > end - offset)
                return RtpParseError.BadPadding;
            end -= padding;
        }

        packet = new RtpPacket(
            (datagram[1] & 0x80) != 0,
            (byte)(datagram[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(2, 2)),
            BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(4, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(8, 4)),
            datagram[offset..end]);
        return RtpParseError.None;
    }
}
