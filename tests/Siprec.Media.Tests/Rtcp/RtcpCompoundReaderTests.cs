using System.Buffers.Binary;
using Siprec.Media.Rtcp;

namespace Siprec.Media.Tests.Rtcp;

public sealed class RtcpCompoundReaderTests
{
    [Fact]
    public void SenderReportFollowedBySdes_YieldsTheMapping()
    {
        byte[] compound = [.. SenderReport(0x11223344, ntpSeconds: 3_900_000_000, ntpFraction: 0x8000_0000, rtp: 123456), .. Sdes()];
        var reports = new RtcpSenderReport[4];

        int count = RtcpCompoundReader.ReadSenderReports(compound, reports);

        Assert.Equal(1, count);
        Assert.Equal(new RtcpSenderReport(0x11223344, (3_900_000_000UL << 32) | 0x8000_0000, 123456, 10, 1600), reports[0]);
        Assert.Equal(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(3_900_000_000.5), reports[0].NtpTime);
    }

    [Fact]
    public void ReceiverReportOnly_YieldsNothing()
    {
        byte[] rr = new byte[8];
        rr[0] = 0x80;
        rr[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(rr.AsSpan(2), 1);

        Assert.Equal(0, RtcpCompoundReader.ReadSenderReports(rr, new RtcpSenderReport[1]));
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "empty", [] },
        { "bad version", [0x40, 200, 0, 0] },
        { "length past end", SenderReport(1, 1, 1, 1)[..20] },
        { "trailing bytes", [.. SenderReport(1, 1, 1, 1), 0x80] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedCompound_IsRejectedWithoutThrowing(string name, byte[] datagram)
    {
        Assert.True(RtcpCompoundReader.ReadSenderReports(datagram, new RtcpSenderReport[2]) == -1, name);
    }

    [Fact]
    public void RandomDatagrams_NeverThrowAndNeverReportMoreThanFits()
    {
        var random = new Random(4321);
        var buffer = new byte[96];
        var reports = new RtcpSenderReport[2];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            Assert.InRange(RtcpCompoundReader.ReadSenderReports(buffer.AsSpan(0, random.Next(buffer.Length + 1)), reports), -1, reports.Length);
        }
    }

    private static byte[] SenderReport(uint ssrc, uint ntpSeconds, uint ntpFraction, uint rtp)
    {
        var packet = new byte[28];
        packet[0] = 0x80;
        packet[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ntpSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), ntpFraction);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), rtp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(20), 10);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(24), 1600);
        return packet;
    }

    private static byte[] Sdes()
    {
        var packet = new byte[12];
        packet[0] = 0x81;
        packet[1] = 202;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 2);
        return packet;
    }
}
