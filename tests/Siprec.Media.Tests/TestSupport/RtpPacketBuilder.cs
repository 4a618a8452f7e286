using System.Buffers.Binary;

namespace Siprec.Media.Tests.TestSupport;

/// <summary>Builds RTP datagrams for tests, including deliberately malformed ones.</summary>
public static class RtpPacketBuilder
{
    public static byte[] Build(
        byte payloadType,
        ushort sequence,
        uint timestamp,
        uint ssrc,
        ReadOnlySpan<byte> payload,
        bool marker = false,
        int csrcCount = 0,
        int extensionWords = -1,
        int padding = 0,
        int version = 2)
    {
        int extensionLength = extensionWords < 0 ? 0 : 4 + (extensionWords * 4);
        var packet = new byte[12 + (csrcCount * 4) + extensionLength + payload.Length + padding];
        packet[0] = (byte)((version << 6) | (padding > 0 ? 0x20 : 0) | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        int offset = 12 + (csrcCount * 4);
        if (extensionWords >= 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), (ushort)extensionWords);
            offset += extensionLength;
        }

        payload.CopyTo(packet.AsSpan(offset));
        if (padding > 0)
            packet[^1] = (byte)padding;
        return packet;
    }

    /// <summary>A payload of big-endian 16-bit samples, as <see cref="LinearTestDecoder"/> reads it.</summary>
    public static byte[] Linear(ReadOnlySpan<short> samples)
    {
        var payload = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16BigEndian(payload.AsSpan(i * 2), samples[i]);
        return payload;
    }

    public static byte[] TelephoneEvent(byte code, bool end, ushort duration, byte volume = 10)
    {
        var payload = new byte[4];
        payload[0] = code;
        payload[1] = (byte)((end ? 0x80 : 0) | volume);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), duration);
        return payload;
    }
}
