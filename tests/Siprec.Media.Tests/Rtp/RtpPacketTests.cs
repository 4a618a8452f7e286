using Siprec.Media.Rtp;
using Siprec.Media.Tests.TestSupport;

namespace Siprec.Media.Tests.Rtp;

public sealed class RtpPacketTests
{
    public static TheoryData<string, byte[], int> ValidPackets => new()
    {
        { "plain", RtpPacketBuilder.Build(0, 1, 160, 0xDEADBEEF, [1, 2, 3]), 3 },
        { "marker and csrcs", RtpPacketBuilder.Build(8, 65535, uint.MaxValue, 7, [9, 9], marker: true, csrcCount: 15), 2 },
        { "header extension", RtpPacketBuilder.Build(96, 42, 0, 1, [5, 6, 7, 8], extensionWords: 2), 4 },
        { "padding", RtpPacketBuilder.Build(96, 42, 0, 1, [5, 6, 7], padding: 4), 3 },
        { "empty payload", RtpPacketBuilder.Build(13, 0, 0, 0, []), 0 },
        { "extension, csrcs and padding", RtpPacketBuilder.Build(101, 9, 8, 7, [1], csrcCount: 2, extensionWords: 0, padding: 3), 1 },
    };

    public static TheoryData<string, byte[], RtpParseError> MalformedPackets => new()
    {
        { "empty", [], RtpParseError.TooShort },
        { "eleven bytes", new byte[11], RtpParseError.TooShort },
        { "version 0", RtpPacketBuilder.Build(0, 1, 1, 1, [1], version: 0), RtpParseError.BadVersion },
        { "version 1", RtpPacketBuilder.Build(0, 1, 1, 1, [1], version: 1), RtpParseError.BadVersion },
        { "version 3", RtpPacketBuilder.Build(0, 1, 1, 1, [1], version: 3), RtpParseError.BadVersion },
        { "csrc count past end", RtpPacketBuilder.Build(0, 1, 1, 1, [1, 2, 3, 4])[..16] is var p ? SetCsrcCount(p, 2) : [], RtpParseError.CsrcOverrun },
        { "extension header cut", SetExtensionBit(RtpPacketBuilder.Build(0, 1, 1, 1, [1, 2])), RtpParseError.ExtensionOverrun },
        { "extension length past end", RtpPacketBuilder.Build(0, 1, 1, 1, [1, 2, 3, 4], extensionWords: 3)[..24], RtpParseError.ExtensionOverrun },
        { "padding larger than payload", SetLastByte(RtpPacketBuilder.Build(0, 1, 1, 1, [1, 2, 3], padding: 1), 200), RtpParseError.BadPadding },
        { "padding count zero", SetLastByte(RtpPacketBuilder.Build(0, 1, 1, 1, [1, 2, 3], padding: 1), 0), RtpParseError.BadPadding },
    };

    [Theory]
    [MemberData(nameof(ValidPackets))]
    public void ValidPacket_ParsesWithItsPayload(string name, byte[] datagram, int payloadLength)
    {
        RtpParseError error = RtpPacket.TryParse(datagram, out RtpPacket packet);

        Assert.True(error == RtpParseError.None, name);
        Assert.Equal(payloadLength, packet.Payload.Length);
    }

    [Fact]
    public void HeaderFields_AreRead()
    {
        byte[] datagram = RtpPacketBuilder.Build(101, 0xABCD, 0x01020304, 0xCAFEBABE, [7, 8], marker: true, csrcCount: 1, extensionWords: 1);

        Assert.Equal(RtpParseError.None, RtpPacket.TryParse(datagram, out RtpPacket packet));
        Assert.Equal((true, (byte)101, (ushort)0xABCD, 0x01020304u, 0xCAFEBABEu), (packet.Marker, packet.PayloadType, packet.SequenceNumber, packet.Timestamp, packet.Ssrc));
        Assert.Equal([7, 8], packet.Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(MalformedPackets))]
    public void MalformedPacket_ReportsItsDefect(string name, byte[] datagram, RtpParseError expected)
    {
        Assert.True(expected == RtpPacket.TryParse(datagram, out _), name);
    }

    [Fact]
    public void EveryPrefixAndRandomBytes_NeverThrow()
    {
        byte[] valid = RtpPacketBuilder.Build(96, 1, 2, 3, new byte[40], csrcCount: 3, extensionWords: 2, padding: 5);
        for (int length = 0; length <= valid.Length; length++)
            _ = RtpPacket.TryParse(valid.AsSpan(0, length), out _);

        var random = new Random(1234);
        var buffer = new byte[64];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            _ = RtpPacket.TryParse(buffer.AsSpan(0, random.Next(buffer.Length + 1)), out _);
        }
    }

    private static byte[] SetCsrcCount(byte[] packet, int count)
    {
        packet[0] = (byte)((packet[0] & 0xF0) | count);
        return packet;
    }

    private static byte[] SetExtensionBit(byte[] packet)
    {
        packet[0] |= 0x10;
        return packet;
    }

    private static byte[] SetLastByte(byte[] packet, byte value)
    {
        packet[^1] = value;
        return packet;
    }
}
