using System.Buffers.Binary;
using Siprec.Media.Engine;
using static Siprec.Media.Tests.TestSupport.MediaSessionHarness;

namespace Siprec.Media.Tests.Engine;

public sealed class MediaSessionStatsTests
{
    [Fact]
    public async Task Stats_ReportSourceLastArrivalAndSenderReport()
    {
        await using var harness = Start(1);
        Assert.Null(harness.Session.LastPacketAt);
        for (int k = 0; k < 10; k++)
            harness.Step((0, AudioPacket(0, (ushort)k, (uint)(k * PacketSamples), k * PacketSamples, ssrc: 0x5150)));
        DateTimeOffset lastArrival = harness.Time.GetUtcNow() - TimeSpan.FromMilliseconds(20);

        harness.SendRtcp(0, SenderReport(0x5150, rtpTimestamp: 1440));
        RtpStreamStats stats = await WaitForAsync(harness, s => s.LastSenderReport is not null);

        Assert.Equal(lastArrival, harness.Session.LastPacketAt);
        Assert.Equal(lastArrival, stats.LastPacketAt);
        Assert.Equal(harness.SenderEndPoint, stats.RemoteEndPoint);
        Assert.Equal(1440u, stats.LastSenderReport!.Value.RtpTimestamp);
        Assert.Equal((1, "L16", 10L), (stats.RtcpPackets, stats.Codec, stats.PacketsReceived));
    }

    private static async Task<RtpStreamStats> WaitForAsync(Siprec.Media.Tests.TestSupport.MediaSessionHarness harness, Func<RtpStreamStats, bool> condition)
    {
        for (int i = 0; i < 5000; i++)
        {
            RtpStreamStats stats = harness.Session.GetStreamStats()[0];
            if (condition(stats))
                return stats;
            await Task.Delay(1);
        }

        throw new TimeoutException("The stream never reached the expected state.");
    }

    private static byte[] SenderReport(uint ssrc, uint rtpTimestamp)
    {
        var packet = new byte[28];
        packet[0] = 0x80;
        packet[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(packet.AsSpan(8), 0xE000_0000_0000_0000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), rtpTimestamp);
        return packet;
    }
}
